import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { SmsCredentials } from '../../infra/constructs/sms-credentials';
import { CREDENTIAL_PLACEHOLDER, parseSmsCredentials } from '../../shared/config/sms-credentials';

function synth(provider: 'aliyun' | 'tencent') {
  const app = new App();
  const stack = new Stack(app, 'SmsCredentialsTest', { env: { account: '123456789012', region: 'cn-northwest-1' } });
  const key = new Key(stack, 'Key', { enableKeyRotation: true });
  const lambda = new ServicePrincipal('lambda.amazonaws.com');
  const sender = new Role(stack, 'SenderRole', { assumedBy: lambda });
  const callbacks = new Role(stack, 'CallbackRole', { assumedBy: lambda });
  const credentials = new SmsCredentials(stack, 'SmsCredentials', { provider, key, sender, callbackHandler: callbacks });
  return { stack, credentials, template: Template.fromStack(stack) };
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
function statementsOf(template: Template, rolePrefix: string): Statement[] {
  return Object.values({ ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') })
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}
const secretsRead = (statements: Statement[]) => statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue')).map((s) => JSON.stringify(s.Resource));

describe.each(['aliyun', 'tencent'] as const)('SMS credentials construct (%s)', (provider) => {
  const { stack, template } = synth(provider);

  it('keeps the provider keys and the callback token in two KMS-encrypted secrets, retained on delete', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    template.allResourcesProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false } });
  });

  it('writes the JSON shape the office fills in, which the sender refuses until the placeholders are replaced', () => {
    const secret = Object.values(template.findResources('AWS::SecretsManager::Secret')).find((s) => (s as { Properties: { SecretString?: string } }).Properties.SecretString);
    const text = (secret as { Properties: { SecretString: string } }).Properties.SecretString;
    expect(JSON.parse(text)).toMatchObject({ provider });
    expect(text).toContain(CREDENTIAL_PLACEHOLDER);
    expect(() => parseSmsCredentials(text, provider)).toThrow(/still the placeholder/);
  });

  it('lets the sender read the keys only, and the callback handler the token only', () => {
    const sender = secretsRead(statementsOf(template, 'SenderRole'));
    const callbacks = secretsRead(statementsOf(template, 'CallbackRole'));
    expect(sender).toHaveLength(1);
    expect(callbacks).toHaveLength(1);
    expect(sender[0]).toMatch(/ProviderKeys/);
    expect(callbacks[0]).toMatch(/CallbackToken/);
  });

  it('hard-codes no partition', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain(['arn', 'aws', ''].join(':'));
  });

  it('passes cdk-nag AwsSolutions with the rotation findings acknowledged and justified', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });
});

describe('SMS credentials construct environment', () => {
  it('gives the sender and the callback handler the ARNs of their secrets, never a key', () => {
    const { stack, credentials } = synth('aliyun');
    expect(Object.keys(credentials.senderEnvironment())).toEqual(['TANFANG_SMS_SECRET_ARN']);
    expect(Object.keys(credentials.callbackEnvironment())).toEqual(['TANFANG_SMS_CALLBACK_SECRET_ARN']);
    expect(stack.resolve(credentials.senderEnvironment().TANFANG_SMS_SECRET_ARN)).toEqual({ Ref: expect.stringMatching(/ProviderKeys/) });
  });
});
