import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';

const { stack } = buildApp('sichuan', { context: { 'aws:cdk:bundling-stacks': [] } });
const template = Template.fromStack(stack);

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
function statementsOf(roleLogicalIdPrefix: string): Statement[] {
  // A role with many grants overflows into managed policies: read both.
  return [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))]
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(roleLogicalIdPrefix))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('Stack: deadlines on EventBridge Scheduler (sichuan, cn-northwest-1)', () => {
  const groupName = stack.deadlines.group.scheduleGroupName;

  it('has its own schedule group, and the recurring job schedules are in it (ops schedules pauses them there)', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    for (const name of ['tanfang-generate-tasks', 'tanfang-send-sms', 'tanfang-escalate-overdue', 'tanfang-remind-reviews']) {
      const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule', { Properties: { Name: name } }));
      expect(schedule, name).toBeDefined();
      expect(JSON.stringify((schedule as { Properties: { GroupName: unknown } }).Properties.GroupName)).toMatch(/DeadlinesGroup|Tanfangsichuan-Deadlines/);
    }
  });

  it('lets the functions that set deadlines create and delete schedules in that group only, by an ARN with the partition', () => {
    for (const role of ['GenerateTasksRole', 'EscalateOverdueRole', 'JobsJobWorkerRole', 'ApiFunctionRole']) {
      const scheduler = statementsOf(role).filter((s) => actions(s).some((a) => a.startsWith('scheduler:')));
      expect(scheduler, role).toHaveLength(1);
      expect(actions(scheduler[0]!).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
      const resource = JSON.stringify(scheduler[0]!.Resource);
      expect(resource).toContain('{"Ref":"AWS::Partition"}');
      expect(resource).toContain(':schedule/');
      expect(resource).toContain(`:schedule/${groupName}/*`);
      expect(resource).not.toContain(['arn', 'aws', ''].join(':'));
    }
  });

  it("passes the scheduler's own role only, and only to Scheduler", () => {
    for (const role of ['GenerateTasksRole', 'ApiFunctionRole']) {
      const pass = statementsOf(role).filter((s) => actions(s).includes('iam:PassRole'));
      expect(pass, role).toEqual([expect.objectContaining({ Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DeadlinesInvokeRole/), 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } })]);
    }
  });

  it('gives the sender, the weather ingest and the callbacks no Scheduler permission at all', () => {
    for (const role of ['SendSmsRole', 'IngestAlertRole', 'SmsCallbacksRole']) {
      expect(
        statementsOf(role)
          .flatMap(actions)
          .filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole'),
        role,
      ).toEqual([]);
    }
  });

  it('lets Scheduler invoke only the two jobs a deadline wakes', () => {
    const invoked = statementsOf('DeadlinesInvokeRole').flatMap((s) => (actions(s).includes('lambda:InvokeFunction') ? [JSON.stringify(s.Resource)] : []));
    expect(invoked.join()).toContain('SendSms');
    expect(invoked.join()).toContain('EscalateOverdue');
    expect(invoked.join()).not.toMatch(/GenerateTasks|ApiFunction/);
  });

  it('tells each creator the group, the role and its targets in its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Creates the visit tasks'),
      Environment: { Variables: Match.objectLike({ TANFANG_SCHEDULE_GROUP: Match.anyValue(), TANFANG_SCHEDULER_ROLE_ARN: Match.anyValue(), TANFANG_WAKE_SEND_SMS: Match.anyValue() }) },
    });
    expect(groupName).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
  });

  it('passes cdk-nag AwsSolutions', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});
