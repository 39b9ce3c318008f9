import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { listRegions, loadRegion } from '../../shared/config/load';
import { partitionOf } from '../../shared/config/region-config';

type Resource = { Type: string; Properties: Record<string, unknown> };

const china = listRegions().filter((name) => partitionOf(loadRegion(name).config.aws.region) === 'aws-cn');

/** The logical id a route's target integration points at, and the function that integration invokes. */
function routeTarget(resources: Record<string, Resource>, route: Resource): string | undefined {
  const target = JSON.stringify(route.Properties.Target);
  const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1];
  const integration = integrationId ? resources[integrationId] : undefined;
  return /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(JSON.stringify(integration?.Properties.IntegrationUri))?.[1];
}

/** The roles (by logical id) whose policies mention a resource. */
const readersOf = (resources: Record<string, Resource>, logicalId: string) =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.PolicyDocument).includes(`"${logicalId}"`))
    .flatMap((r) => (r.Properties.Roles as { Ref: string }[]).map((role) => role.Ref));

describe.each(china)('SMS callbacks in the China-partition stack %s', (name) => {
  const { config } = loadRegion(name);
  const provider = config.sms.provider;
  const template = Template.fromStack(buildApp(name, { context: { 'aws:cdk:bundling-stacks': [] } }).stack).toJSON();
  const resources = template.Resources as Record<string, Resource>;
  const ids = Object.keys(resources);
  const secret = (prefix: string) => ids.find((id) => id.startsWith(prefix) && resources[id]!.Type === 'AWS::SecretsManager::Secret')!;
  const fnId = ids.find((id) => resources[id]!.Type === 'AWS::Lambda::Function' && String(resources[id]!.Properties.Description).startsWith("Applies the SMS provider's delivery receipts"))!;
  const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');

  it('synthesizes the provider credentials secret and the callback token secret, both KMS-encrypted, read only by the sender and the callback function', () => {
    const keys = secret('SmsCredentialsProviderKeys');
    const token = secret('SmsCredentialsCallbackToken');
    expect([keys, token].every((id) => resources[id]?.Properties.KmsKeyId !== undefined)).toBe(true);
    expect(readersOf(resources, keys)).toEqual([expect.stringMatching(/^SendSmsRole/)]);
    expect(readersOf(resources, token)).toEqual([expect.stringMatching(/^SmsCallbacksRole/)]);
    const env = (resources[fnId]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.TANFANG_SMS_CALLBACK_SECRET_ARN).toEqual({ Ref: token });
    // The callback function is never given the provider's keys.
    expect(JSON.stringify(resources[fnId])).not.toContain(keys);
  });

  it("routes the provider's receipts and replies to the callback function without the JWT authorizer", () => {
    expect(fnId).toMatch(/^SmsCallbacksFunction/);
    const callbacks = routes.filter((r) => String(r.Properties.RouteKey).includes('/sms/'));
    expect(callbacks.map((r) => r.Properties.RouteKey).sort()).toEqual([`POST /sms/${provider}/{token}/receipts`, `POST /sms/${provider}/{token}/replies`]);
    for (const route of callbacks) {
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
      expect(routeTarget(resources, route)).toBe(fnId);
    }
  });

  it('keeps the OIDC JWT authorizer on every API route, and sends none of them to the callback function', () => {
    const api = routes.filter((r) => String(r.Properties.RouteKey).includes('{proxy+}'));
    expect(api).toHaveLength(3);
    for (const route of api) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toBeDefined();
      expect(routeTarget(resources, route)).not.toBe(fnId);
    }
  });

  it('lets the callback function touch the outbox, tasks, people (read only) and occasions, and nothing of the ledger, visits or audit', () => {
    const statements = JSON.stringify(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('SmsCallbacksRole')));
    expect(statements).toMatch(/OutboxTable/);
    expect(statements).toMatch(/TasksTable/);
    expect(statements).not.toMatch(/EldersTable|RegistrationsTable|VisitsTable|AuditTable|sns:|ProviderKeys/);
    const people = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('SmsCallbacksRole'))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement)
      .filter((s) => JSON.stringify(s.Resource).includes('PeopleTable'))
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(people.length).toBeGreaterThan(0);
    expect(people.filter((a) => /Put|Update|Delete|BatchWrite/.test(a))).toEqual([]);
  });

  it('hard-codes no partition', () => {
    expect(JSON.stringify(template)).not.toContain(['arn', 'aws', ''].join(':'));
  });
});

describe('SMS callbacks in the global-partition example (SNS)', () => {
  it('has no callback routes, function or token: SNS sends no receipts here', () => {
    const resources = Template.fromStack(buildApp('example-global', { context: { 'aws:cdk:bundling-stacks': [] } }).stack).toJSON().Resources as Record<string, Resource>;
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route' && String(r.Properties.RouteKey).includes('/sms/'))).toEqual([]);
    expect(Object.keys(resources).filter((id) => id.startsWith('SmsCallbacks') || id.startsWith('SmsCredentials'))).toEqual([]);
  });
});
