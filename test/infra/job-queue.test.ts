import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

type Policy = { Properties: { Roles: unknown; PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } };

describe('The jobs queue of generation and escalation (sichuan, aws-cn)', () => {
  const { stack } = buildApp('sichuan', { context: NO_BUNDLING });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const policies = Object.entries(template.findResources('AWS::IAM::Policy')) as [string, Policy][];
  const statementsOf = (rolePrefix: string) => policies.filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(rolePrefix)).flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  const resourcesOf = (rolePrefix: string, action: string) =>
    JSON.stringify(
      statementsOf(rolePrefix)
        .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
        .map((s) => s.Resource),
    );
  const queueId = Object.keys(resources).find((id) => id.startsWith('JobsQueue'))!;
  const deadLettersId = Object.keys(resources).find((id) => id.startsWith('JobsJobWorkerDeadLetters'))!;

  it('keeps the messages encrypted with the stack’s key, TLS only, and parks one that failed three times in the worker’s dead-letter queue', () => {
    expect(resources[queueId]).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { KmsMasterKeyId: expect.anything(), VisibilityTimeout: 5400, RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] } } },
    });
    expect(resources[deadLettersId]!.Properties.KmsMasterKeyId).toEqual(resources[queueId]!.Properties.KmsMasterKeyId);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', { Queues: [{ Ref: queueId }], PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('feeds the worker one message per invocation with partial batch responses, at most one worker per shard (32) at once', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 32 },
    });
    // One whole vCPU (1,769 MB): a chunk is CPU-bound, and a GB-second costs the same at any size.
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^Walks one shard'), Timeout: 900, MemorySize: 1769, Environment: { Variables: Match.objectLike({ JOBS_QUEUE_URL: { Ref: queueId } }) } });
  });

  it('raises an alarm when a message reaches the dead letters', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId, 'QueueName'] } }], Threshold: 1 });
  });

  it('lets the planners (generation, escalation, apply-occasion) send to the queue, and nobody else but the worker itself and the administrators’ redrive', () => {
    const senders = policies.filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument.Statement.filter((s) => JSON.stringify(s.Action).includes('sqs:SendMessage'))).includes(queueId)).map(([id]) => id.replace(/[A-F0-9]{8}$/, ''));
    // The administrators' role: a message move task (tanfang ops redrive) needs SendMessage on the queue it moves to (admin-cli-role.test.ts).
    expect(senders.sort()).toEqual(['AdminCliRoleDefaultPolicy', 'ApplyOccasionRoleDefaultPolicy', 'EscalateOverdueRoleDefaultPolicy', 'GenerateTasksRoleDefaultPolicy', 'JobsJobWorkerRoleDefaultPolicy']);
  });

  it('lets the worker write the elders, tasks and outbox tables, on the occasions table only progress and counters, and read the roster', () => {
    for (const table of ['EldersTable', 'TasksTable', 'OutboxTable']) expect(resourcesOf('JobsJobWorkerRole', 'dynamodb:PutItem')).toContain(table);
    for (const table of ['PeopleTable', 'OccasionsTable']) expect(resourcesOf('JobsJobWorkerRole', 'dynamodb:Query')).toContain(table);
    expect(resourcesOf('JobsJobWorkerRole', 'dynamodb:PutItem')).not.toContain('PeopleTable');
    const occasionWrites = statementsOf('JobsJobWorkerRole').filter((s) => JSON.stringify(s.Resource).includes('OccasionsTable') && JSON.stringify(s.Action).match(/PutItem|UpdateItem|DeleteItem|BatchWriteItem/));
    expect(occasionWrites).toEqual([expect.objectContaining({ Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['apply#*', 'stats#*'] } } })]);
    for (const table of ['RegistrationsTable', 'VisitsTable', 'AuditTable', 'UploadsTable']) expect(JSON.stringify(statementsOf('JobsJobWorkerRole'))).not.toContain(table);
  });

  it('leaves apply-occasion a planner: it reads and writes the occasions table only, and sends to the queue', () => {
    for (const table of ['EldersTable', 'TasksTable', 'OutboxTable', 'PeopleTable']) expect(JSON.stringify(statementsOf('ApplyOccasionRole')), table).not.toContain(table);
    expect(resourcesOf('ApplyOccasionRole', 'dynamodb:UpdateItem')).toContain('OccasionsTable');
  });

  it('never names the aws partition and passes cdk-nag AwsSolutions', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain(['arn', 'aws', ''].join(':'));
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});
