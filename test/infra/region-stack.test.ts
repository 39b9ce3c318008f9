import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { listRegions, loadRegion } from '../../shared/config/load';
import { partitionOf } from '../../shared/config/region-config';
import { TABLE_IDS, TABLES } from '../../shared/adapters/dynamodb/tables';
import { configDirWith } from '../helpers/config-dir';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(region: string, configDir?: string) {
  const { stack } = buildApp(region, { context: NO_BUNDLING, ...(configDir ? { configDir } : {}) });
  return { stack, template: Template.fromStack(stack) };
}

/** The policy statements of the role whose logical id starts with `prefix`. */
function statementsOf(template: Template, rolePrefix: string): { Effect: string; Action: string | string[]; Resource: unknown }[] {
  const policies = { ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') };
  return Object.entries(policies)
    .filter(([, p]) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
    .flatMap(([, p]) => (p as { Properties: { PolicyDocument: { Statement: never[] } } }).Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: { Action: string | string[] }[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe.each(listRegions())('Stack for region %s', (region) => {
  const { stack, template } = synth(region);
  const { config } = loadRegion(region);
  const china = partitionOf(config.aws.region) === 'aws-cn';
  // A domestic provider's receipts and replies have a function of their own.
  const domestic = config.sms.provider === 'aliyun' || config.sms.provider === 'tencent';

  it('has the tables of the shared definitions, on demand, with PITR, KMS encryption and deletion protection', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', TABLE_IDS.length);
    for (const id of TABLE_IDS) {
      const def = TABLES[id];
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [{ AttributeName: def.partitionKey.name, KeyType: 'HASH' }, ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : [])],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
            SSESpecification: { KMSMasterKeyId: Match.anyValue() },
          }),
        ],
        ...(def.indexes.length > 0 ? { GlobalSecondaryIndexes: def.indexes.map((i) => Match.objectLike({ IndexName: i.name })) } : {}),
        ...(def.timeToLiveAttribute ? { TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true } } : {}),
      });
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('runs generation daily at 06:00 China time with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(00 06 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({
        RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: Match.anyValue() },
        Input: JSON.stringify({ trigger: 'schedule' }),
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue(), MessageRetentionPeriod: 1_209_600 });
  });

  it('runs every function on the newest Node.js runtime, on arm64 where the partition offers it (x86_64 in China), with the table names in their environment', () => {
    // Ours (the ledger import among them), and the CDK's deploy-time handler of the upload bucket's notification.
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Runtime: string; Architectures?: string[]; Description?: string } }[];
    expect(functions).toHaveLength((domestic ? 12 : 11) + 1);
    const ours = functions.filter((f) => !f.Properties.Description?.includes('AWS CloudFormation handler for "Custom::S3BucketNotifications"'));
    expect(ours).toHaveLength(domestic ? 12 : 11);
    for (const fn of ours) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: [china ? 'x86_64' : 'arm64'] });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TABLE_ELDERS: Match.anyValue(), TABLE_TASKS: Match.anyValue(), TABLE_OUTBOX: Match.anyValue() }) },
    });
  });

  it('gives the SMS sender of a domestic provider its keys secret by ARN (KMS-encrypted, readable by the sender alone), and none for SNS', () => {
    const secrets = Object.entries(template.findResources('AWS::SecretsManager::Secret')).filter(([id]) => id.startsWith('SmsCredentialsProviderKeys'));
    if (config.sms.provider === 'sns') {
      expect(secrets).toEqual([]);
      return;
    }
    expect(secrets).toHaveLength(1);
    const [keysId] = secrets[0]!;
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^Delivers SMS'), Environment: { Variables: Match.objectLike({ TANFANG_SMS_SECRET_ARN: { Ref: keysId } }) } });
    const readers = Object.entries({ ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') }).filter(([, p]) => JSON.stringify(p).includes(keysId));
    expect(readers.map(([id]) => id)).toEqual([expect.stringMatching(/^SendSmsRole/)]);
  });

  it('grants SNS publishing to the SMS sender alone, to phone numbers only, and only when SNS is the provider', () => {
    const sms = statementsOf(template, 'SendSmsRole');
    expect(actionsOf(sms)).toContain('dynamodb:UpdateItem');
    // The SMS sender touches the outbox only: no elder, people, task or visit table.
    expect(JSON.stringify(sms)).not.toMatch(/Elders|Registrations|Tasks|People|Visits/);
    expect(actionsOf(statementsOf(template, 'GenerateTasksRole')).filter((a) => a.startsWith('sns:'))).toEqual([]);
    const publishers = Object.values({ ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') }).filter((p) => JSON.stringify(p).includes('sns:Publish'));
    if (config.sms.provider !== 'sns') {
      expect(publishers).toEqual([]);
      return;
    }
    expect(publishers).toHaveLength(1);
    expect(sms).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }));
    expect(sms).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] } }));
  });

  it('takes weather warnings IAM-signed (a function URL, or an IAM route where function URLs do not exist) and as "Weather Alert" events, and applies occasions from the table stream', () => {
    if (china) {
      template.resourceCountIs('AWS::Lambda::Url', 0);
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /feeds/weather-alerts', AuthorizationType: 'AWS_IAM' });
    } else {
      template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
      template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /feeds/weather-alerts' }, 0);
    }
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['tanfang.weather'], 'detail-type': ['Weather Alert'] },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) })],
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'occasion#' }] } } } }) }] },
    });
    // Ingest touches the occasions table only.
    expect(JSON.stringify(statementsOf(template, 'IngestAlertRole'))).not.toMatch(/Elders|Registrations|Tasks|People|Visits|Outbox/);
  });

  it("puts the HTTP API behind the region's OIDC issuer: a JWT authorizer (issuer, audiences) on every route but the public ones, no user pool, access logs", () => {
    expect(Object.keys(template.toJSON().Resources).filter((id) => template.toJSON().Resources[id].Type.startsWith('AWS::Cognito::'))).toEqual([]);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: config.auth.issuer, Audience: config.auth.audiences },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => (r as { Properties: { RouteKey: string; AuthorizationType: string } }).Properties);
    // Device platforms sign their alarms (checked in the device-alarm function): no person's token.
    const callbacks = domestic ? [`POST /sms/${config.sms.provider}/{token}/receipts`, `POST /sms/${config.sms.provider}/{token}/replies`] : [];
    const expected = (key: string) => (key === 'GET /health' || key === 'GET /auth/config' || key === 'POST /devices/alarms' || callbacks.includes(key) ? 'NONE' : key === 'POST /feeds/weather-alerts' ? 'AWS_IAM' : 'JWT');
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      ['GET /auth/config', 'GET /health', 'GET /{proxy+}', 'POST /devices/alarms', 'POST /{proxy+}', 'PUT /{proxy+}', ...(china ? ['POST /feeds/weather-alerts'] : []), ...callbacks].sort(),
    );
    for (const r of routes) expect([r.RouteKey, r.AuthorizationType]).toEqual([r.RouteKey, expected(r.RouteKey)]);
    // ID numbers: encrypted with the stack's KMS key; the lookup hash key is a KMS-encrypted secret.
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TANFANG_FIELD_KEY_ARN: Match.anyValue(), TANFANG_ID_HASH_SECRET_ARN: Match.anyValue() }) } });
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') } });
  });

  it('reminds liaisons of overdue ledger reviews on the 1st of each month at 08:00 China time (quiet hours over), reading only the elders index, the roster and the outbox', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(00 08 1 * ? *)', ScheduleExpressionTimezone: 'Asia/Shanghai' });
    const remind = statementsOf(template, 'RemindReviewsRole');
    expect(JSON.stringify(remind)).not.toMatch(/Registrations|Tasks|Visits|Audit/);
    expect(JSON.stringify(remind)).toMatch(/Elders/);
  });

  it('never hard-codes the aws partition, so it deploys to aws-cn too', () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/arn:aws[:-]/);
  });

  it('raises alarms on job errors, dead letters, failed SMS and urgent SMS to families not delivered', () => {
    // Errors and dead letters per function (the review reminder, the archive pass, the device-alarm function and the job worker among them), four on SMS.
    template.resourceCountIs('AWS::CloudWatch::Alarm', (domestic ? 12 : 11) * 2 + 4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SmsUrgentUndelivered', Namespace: 'Tanfang' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SmsFailed', Namespace: 'Tanfang' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SmsTemplateRefused', Namespace: 'Tanfang' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SmsAccountRefused', Namespace: 'Tanfang' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('passes cdk-nag AwsSolutions with every acknowledgement justified', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });
});

describe('Region config at synth time', () => {
  it('fails with the field and rule of a bad SMS signature', () => {
    const dir = configDirWith((c) => Object.assign(c.sms as object, { signature: '成华民政' }));
    expect(() => synth('sichuan', dir)).toThrow(/sms\.signature: must be 2–12 characters inside 【】/);
  });

  it('fails with the field and rule of bad quiet hours', () => {
    const dir = configDirWith((c) => Object.assign(c.sms as object, { quietHours: { start: '25:00', end: '08:00' } }));
    expect(() => synth('sichuan', dir)).toThrow(/sms\.quietHours\.start: must be a 24-hour time HH:MM/);
  });

  it('asks for the counties of a city-wide deployment, and refuses one outside it', () => {
    expect(() =>
      synth(
        'sichuan',
        configDirWith((c) => Object.assign(c, { deploymentArea: '510100' })),
      ),
    ).toThrow(/counties: required when deploymentArea \(510100\) is a city/);
    expect(() =>
      synth(
        'sichuan',
        configDirWith((c) => Object.assign(c, { deploymentArea: '510100', counties: ['370811'] })),
      ),
    ).toThrow(/counties\.0: 370811 is not within deploymentArea 510100/);
  });

  it('fails on a bad statutory day in the region calendar, naming the field', () => {
    const dir = configDirWith((c) => Object.assign(c, { calendar: { statutoryDays: [{ date: '2027-02-30', kind: 'statutory_holiday', name: '春节' }] } }));
    expect(() => synth('sichuan', dir)).toThrow(/calendar\.statutoryDays\.0\.date: must be a real date/);
  });

  it('refuses SNS SMS in the AWS China partition, where SNS cannot send SMS', () => {
    const dir = configDirWith((c) => Object.assign(c.sms as object, { provider: 'sns' }));
    expect(() => synth('sichuan', dir)).toThrow(/sms\.provider: SNS cannot send SMS in the AWS China partition \(cn-northwest-1\)/);
  });

  it('fails when a domestic provider has no code for a template the region sends, naming the field', () => {
    // Without device platforms, so the templates every deployment sends are the ones missing.
    const dir = configDirWith((c) => Object.assign(Object.assign(c, { devices: { ...(c.devices as object), platforms: [] } }).sms as object, { provider: 'aliyun', inviteReplies: [], templateCodes: { assignment_digest: 'SMS_100000001' } }));
    expect(() => synth('sichuan', dir)).toThrow(/sms\.templateCodes\.escalation_digest: is required \(every deployment sends it\)/);
  });

  it('asks for the codes of the versions inviting a reply once a region switches them on, and no longer for the old ones', () => {
    const codes = (c: Record<string, unknown>) => (c.sms as { templateCodes: Record<string, string> }).templateCodes;
    const withoutNew = configDirWith((c) => {
      delete codes(c).escalation_digest_reply;
      delete codes(c).escalation_digest;
    });
    expect(() => synth('sichuan', withoutNew)).toThrow(/sms\.templateCodes\.escalation_digest_reply: is required \(every deployment sends it, in the version inviting a reply \(sms\.inviteReplies\)\)/);
    const familyOnly = configDirWith((c) => {
      Object.assign(c.sms as object, { inviteReplies: ['family'] });
      delete codes(c).escalation_digest_reply;
    });
    expect(() => synth('sichuan', familyOnly)).not.toThrow();
  });

  it('refuses an unknown reply meaning and a delivery deadline out of range, naming the field', () => {
    expect(() =>
      synth(
        'sichuan',
        configDirWith((c) => Object.assign(c.sms as object, { inviteReplies: ['visitor'] })),
      ),
    ).toThrow(/sms\.inviteReplies\.0: must be "escalation" or "family"/);
    expect(() =>
      synth(
        'sichuan',
        configDirWith((c) => Object.assign(c.sms as object, { deliveryDeadlineMinutes: 1440 })),
      ),
    ).toThrow(/sms\.deliveryDeadlineMinutes: must be at most 720 minutes/);
  });

  it('fails on a filed template text the provider would refuse, naming the template', () => {
    const dir = configDirWith((c) => Object.assign(c.sms as object, { templateTexts: { follow_up: '跟踪回访：${village}${elder}，请于${dueDate}前完成回访并在探访系统中记录。' } }));
    expect(() => synth('sichuan', dir)).toThrow(/sms\.templateTexts\.follow_up: template follow_up breaks aliyun's rules: variables\.village: must not stand next to \$\{elder\}/);
  });

  it('fails on a bad escalation ladder, naming the level and the rule', () => {
    const dir = configDirWith((c) =>
      Object.assign(c, {
        escalation: {
          ladders: {
            default: [
              { role: 'liaison', afterDueHours: 24 },
              { role: 'instructor', afterDueHours: 12 },
            ],
          },
          acknowledgeHours: 24,
          followUpHours: 72,
        },
      }),
    );
    expect(() => synth('sichuan', dir)).toThrow(/escalation\.ladders\.default\.1\.afterDueHours: must be later than level 1 \(24 h\)/);
  });

  it('fails on a ladder for a tier the policy does not have', () => {
    const dir = configDirWith((c) => Object.assign(c, { escalation: { ladders: { default: [{ role: 'liaison', afterDueHours: 0 }], urgent: [{ role: 'liaison', afterDueHours: 0 }] }, acknowledgeHours: 24, followUpHours: 72 } }));
    expect(() => synth('sichuan', dir)).toThrow(/escalation\.ladders\.urgent: policy sichuan has no tier "urgent"/);
  });

  it('refuses a cadence override for a tier the policy does not have', () => {
    const dir = configDirWith((c) => Object.assign(c, { cadenceOverrides: { urgent: { visits: 3 } } }));
    expect(() => synth('sichuan', dir)).toThrow(/cadenceOverrides\.urgent: policy sichuan has no tier "urgent"/);
  });

  it('asks for a region, listing the known ones, when none is given', () => {
    expect(() => buildApp(undefined)).toThrow('Choose a region: npx cdk synth -c region=<name>, one of example-global, jining, national, shanghai, shishi, sichuan');
  });
});
