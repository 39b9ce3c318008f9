import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('The administrators’ role for tanfang --stack', () => {
  const { stack } = buildApp('sichuan', { context: { 'aws:cdk:bundling-stacks': [] } });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as { Outputs: Record<string, { Value: { 'Fn::GetAtt': string[] } }>; Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  const roleId = json.Outputs.AdminCliRoleArn!.Value['Fn::GetAtt'][0]!;
  const role = json.Resources[roleId]!;
  const statements: Statement[] = Object.values(json.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((x) => x.Ref === roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
  const allowed = new Set(statements.flatMap(actions));
  const resourcesOf = (action: string) => statements.filter((s) => actions(s).includes(action)).flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));

  it('is output for the administrators’ profiles, and trusted to the account’s own IAM only', () => {
    expect(role.Type).toBe('AWS::IAM::Role');
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: { Action: string; Principal: { AWS: unknown } }[] }).Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Action).toBe('sts:AssumeRole');
    expect(JSON.stringify(trust[0]!.Principal.AWS)).toMatch(/:iam::.*AWS::AccountId.*:root/);
  });

  it('allows every AWS call the CLI’s --stack commands make', () => {
    const calls: Record<string, string> = {
      'openStack: DescribeStacks': 'cloudformation:DescribeStacks',
      'repositories: GetItem': 'dynamodb:GetItem',
      'repositories: Query': 'dynamodb:Query',
      'repositories: PutItem': 'dynamodb:PutItem',
      'repositories: UpdateItem': 'dynamodb:UpdateItem',
      'repositories: BatchWriteItem': 'dynamodb:BatchWriteItem',
      'repositories: BatchGetItem': 'dynamodb:BatchGetItem',
      'repositories: TransactWriteItems (ConditionCheck included)': 'dynamodb:ConditionCheckItem',
      'field cipher: GenerateDataKey': 'kms:GenerateDataKey*',
      'field cipher: Decrypt': 'kms:Decrypt',
      'ID hash key: GetSecretValue': 'secretsmanager:GetSecretValue',
      'ledger import: PutObject': 's3:PutObject',
      'ledger import: HeadObject / GetObject': 's3:GetObject',
      'settings show': 'ssm:GetParameter',
      'settings set|unset': 'ssm:PutParameter',
      'ops schedules list': 'scheduler:ListSchedules',
      'ops schedules list (expressions)': 'scheduler:GetSchedule',
      'ops schedules pause|resume': 'scheduler:UpdateSchedule',
      'ops schedules pause|resume (the schedule’s role)': 'iam:PassRole',
      'ops schedules run-now': 'lambda:InvokeFunction',
      'ops redrive: GetQueueAttributes': 'sqs:GetQueueAttributes',
      'ops redrive: StartMessageMoveTask': 'sqs:StartMessageMoveTask',
      'ops redrive: the move task sends back': 'sqs:SendMessage',
    };
    const missing = Object.entries(calls).filter(([, action]) => !allowed.has(action));
    expect(missing).toEqual([]);
  });

  it('allows nothing that deletes or rebuilds the deployment, and no service-wide action', () => {
    for (const action of allowed) expect(action, action).not.toMatch(/:\*$|^\*$/);
    for (const forbidden of [
      'dynamodb:DeleteTable',
      'dynamodb:UpdateTable',
      's3:DeleteObject',
      's3:ListBucket',
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'kms:ScheduleKeyDeletion',
      'ssm:DeleteParameter',
      'sqs:PurgeQueue',
      'lambda:UpdateFunctionCode',
    ]) {
      expect(allowed.has(forbidden), forbidden).toBe(false);
    }
  });

  it('limits schedules to the stack’s group, PassRole to the Scheduler’s own roles, and * to ListSchedules alone', () => {
    expect(JSON.stringify(resourcesOf('scheduler:UpdateSchedule'))).toMatch(/:schedule\/.*\/\*/);
    const group = Object.values(template.findResources('AWS::Scheduler::ScheduleGroup'))[0] as { Properties: { Name: string } };
    expect(JSON.stringify(resourcesOf('scheduler:UpdateSchedule'))).toContain(`schedule/${group.Properties.Name}/*`);
    const pass = statements.find((s) => actions(s).includes('iam:PassRole'))!;
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    const schedulerRoles = Object.entries(json.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'))
      .map(([id]) => id)
      .sort();
    const passed = (pass.Resource as { 'Fn::GetAtt': string[] }[]).map((r) => r['Fn::GetAtt'][0]).sort();
    expect(passed).toEqual(schedulerRoles);
    const starred = statements.filter((s) => s.Resource === '*');
    expect(starred.flatMap(actions)).toEqual(['scheduler:ListSchedules']);
    expect(JSON.stringify(resourcesOf('s3:PutObject'))).toContain('/ledger/*');
  });
});
