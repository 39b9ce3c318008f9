import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { configDirWith } from '../helpers/config-dir';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** The actions and resources of the policies attached to the role whose logical id starts with `prefix`. */
function policyOf(template: Template, rolePrefix: string): string {
  // A role's large policy overflows into managed policies (CDK splits it).
  const policies = { ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') };
  return JSON.stringify(
    Object.values(policies)
      .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
      .map((p) => (p as { Properties: { PolicyDocument: unknown } }).Properties.PolicyDocument),
  );
}

describe('Retention: TTL on the tasks table, the archive table and its monthly pass', () => {
  const { stack } = buildApp('sichuan', { context: NO_BUNDLING });
  const template = Template.fromStack(stack);

  it('expires closed tasks by TTL and keeps the archive with PITR, KMS and deletion protection, without indexes', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'elderId', KeyType: 'HASH' },
        { AttributeName: 'taskId', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
    });
    const archive = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).find((t) => JSON.stringify(t).includes('"AttributeName":"pk"') && JSON.stringify(t).includes('"AttributeName":"sk"'));
    expect(archive).toBeDefined();
    const props = (archive as { Properties: Record<string, unknown> }).Properties;
    expect(props.GlobalSecondaryIndexes).toBeUndefined();
    // The archive is kept for good: no TTL.
    expect(props.TimeToLiveSpecification).toBeUndefined();
    expect(JSON.stringify(props.Replicas)).toMatch(/"PointInTimeRecoveryEnabled":true/);
    expect(JSON.stringify(props.Replicas)).toMatch(/"DeletionProtectionEnabled":true/);
    expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
  });

  it('runs the archive pass on the 2nd of each month at 02:30 China time, reading tasks and writing only the archive', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(30 02 2 * ? *)', ScheduleExpressionTimezone: 'Asia/Shanghai', Target: Match.objectLike({ DeadLetterConfig: Match.anyValue() }) });
    const policy = policyOf(template, 'ArchiveClosedRole');
    expect(policy).toMatch(/TasksTable/);
    expect(policy).toMatch(/ArchiveTable/);
    expect(policy).not.toMatch(/Registrations|Elders|Visits|Outbox|Audit|People/);
    // Tasks are only read: no write action on the tasks table's statement.
    const statements = (JSON.parse(policy) as { Statement: { Action: string | string[]; Resource: unknown }[] }[]).flatMap((d) => d.Statement);
    const onTasks = statements.filter((s) => JSON.stringify(s.Resource).includes('TasksTable'));
    expect(onTasks.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).some((a) => /Put|Update|Delete|BatchWrite/.test(a))).toBe(false);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TABLE_TASKS: Match.anyValue(), TABLE_ARCHIVE: Match.anyValue() }) } });
  });

  it('lets the API read the archive (rates, reports, the elder archive fall back to it) but not write it', () => {
    const statements = (JSON.parse(policyOf(template, 'ApiFunctionRole')) as { Statement: { Action: string | string[]; Resource: unknown }[] }[]).flatMap((d) => d.Statement);
    const onArchive = statements.filter((s) => JSON.stringify(s.Resource).includes('ArchiveTable'));
    expect(onArchive.length).toBeGreaterThan(0);
    const actions = onArchive.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toContain('dynamodb:Query');
    expect(actions.some((a) => /Put|Update|Delete|BatchWrite/.test(a))).toBe(false);
  });

  it.each([
    [{ closedTaskMonths: 6 }, 'retention.closedTaskMonths', 'at least 13'],
    [{ closedTaskMonths: 13.5 }, 'retention.closedTaskMonths', 'whole number'],
    [{ closedTaskMonths: '13' }, 'retention.closedTaskMonths', 'whole number'],
    [{ outboxDays: 30 }, 'retention.outboxDays', 'at least 90'],
    [{ outboxDays: 100_000 }, 'retention.outboxDays', 'at most 3660'],
    [{ keepForever: true }, 'retention', 'keepForever'],
  ])('fails synth on retention %j, naming %s', (retention, field, rule) => {
    const dir = configDirWith((c) => {
      c.retention = retention;
    });
    expect(() => buildApp('sichuan', { context: NO_BUNDLING, configDir: dir })).toThrow(new RegExp(`${field.replace('.', '\\.')}[^\\n]*${rule}`));
  });
});
