import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

type Policy = { Properties: { Roles: unknown; PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } };

describe('The import of uploaded ledgers, off the API (sichuan, aws-cn)', () => {
  const { stack } = buildApp('sichuan', { context: NO_BUNDLING });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [string, Policy][];
  const statementsOf = (rolePrefix: string) => policies.filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(rolePrefix)).flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  const actionsOf = (rolePrefix: string) => statementsOf(rolePrefix).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  const resourcesOf = (rolePrefix: string, action: string) =>
    JSON.stringify(
      statementsOf(rolePrefix)
        .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
        .map((s) => s.Resource),
    );
  const id = (prefix: string, type: string) => Object.keys(resources).find((k) => k.startsWith(prefix) && resources[k]!.Type === type)!;
  const queueId = id('LedgerImportQueue', 'AWS::SQS::Queue');
  const deadLettersId = id('LedgerImportImportLedgerDeadLetters', 'AWS::SQS::Queue');
  const bucketId = id('LedgerUploadsBucket', 'AWS::S3::Bucket');

  it('has the upload bucket notify the import queue of objects created under ledger/ only', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: bucketId },
      NotificationConfiguration: {
        QueueConfigurations: [{ Events: ['s3:ObjectCreated:*'], QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] }, Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'ledger/' }] } } }],
      },
    });
  });

  it('keeps the queue encrypted with a rotated key of its own, TLS only, retried after the stale-claim time, and parks an event that failed four times in dead letters an alarm watches', () => {
    const keyId = id('LedgerImportQueueKey', 'AWS::KMS::Key');
    expect(resources[keyId]).toMatchObject({ Properties: { EnableKeyRotation: true } });
    expect(resources[queueId]).toMatchObject({
      Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, VisibilityTimeout: 1200, RedrivePolicy: { maxReceiveCount: 4, deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', { Queues: [{ Ref: queueId }], PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
    // S3 may send to the queue, and only for this bucket.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 's3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } } } })]) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }], Threshold: 1 });
  });

  it('runs one event per invocation, partial batch responses, at most two imports at once, for at most 14 minutes', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] }, BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 } });
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^Imports a ledger file uploaded'), Timeout: 840, Runtime: 'nodejs24.x', MemorySize: 2048 });
  });

  it('lets the import read the uploads prefix only, write the ledger tables and read the roster', () => {
    expect(resourcesOf('LedgerImportImportLedgerRole', 's3:GetObject')).toContain('/ledger/*');
    for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:*']) expect(actionsOf('LedgerImportImportLedgerRole')).not.toContain(action);
    for (const table of ['UploadsTable', 'RegistrationsTable', 'EldersTable', 'TasksTable', 'OutboxTable']) expect(resourcesOf('LedgerImportImportLedgerRole', 'dynamodb:PutItem')).toContain(table);
    expect(resourcesOf('LedgerImportImportLedgerRole', 'dynamodb:Query')).toContain('PeopleTable');
    expect(resourcesOf('LedgerImportImportLedgerRole', 'dynamodb:PutItem')).not.toContain('PeopleTable');
    for (const table of ['VisitsTable', 'AuditTable', 'OccasionsTable', 'SpotChecksTable', 'DevicesTable']) expect(JSON.stringify(statementsOf('LedgerImportImportLedgerRole'))).not.toContain(table);
    expect(actionsOf('LedgerImportImportLedgerRole')).toContain('kms:Decrypt');
    expect(resourcesOf('LedgerImportImportLedgerRole', 'secretsmanager:GetSecretValue')).toContain('IdHashKey');
  });

  it('leaves the API to presign only: it may PUT to ledger/ but never read an upload back', () => {
    expect(resourcesOf('ApiFunctionRole', 's3:PutObject')).toContain('/ledger/*');
    expect(resourcesOf('ApiFunctionRole', 's3:GetObject')).toBe('[]');
  });

  it('never names the aws partition and passes cdk-nag AwsSolutions', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain(['arn', 'aws', ''].join(':'));
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});
