import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { REQUIRED_OUTPUTS } from '../../cli/stack/outputs';

describe('Stack outputs the CLI reads (tanfang --stack)', () => {
  const { stack } = buildApp('sichuan', { context: { 'aws:cdk:bundling-stacks': [] } });
  const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;

  it('has every output cli/stack/outputs.ts requires, under the key it reads', () => {
    expect(REQUIRED_OUTPUTS.filter((key) => !(key in outputs))).toEqual([]);
  });

  it('names the bundled region config the stack was built from, and every job’s function', () => {
    expect(outputs.RegionConfig!.Value).toBe('sichuan');
    for (const job of ['GenerateTasks', 'SendSms', 'EscalateOverdue', 'ApiFunction']) expect(outputs[`${job}Function`], job).toBeDefined();
  });

  it('names the schedule group, the settings parameter and the jobs queue with its dead letters, for settings, ops schedules and ops redrive --stack', () => {
    expect(outputs.SettingsParameter!.Value).toBe('/tanfang/sichuan/settings');
    const group = Object.values(Template.fromStack(stack).findResources('AWS::Scheduler::ScheduleGroup'))[0] as { Properties: { Name: string } };
    expect(outputs.ScheduleGroup!.Value).toBe(group.Properties.Name);
    const refOf = (key: string) => (outputs[key]!.Value as { Ref: string }).Ref;
    const queues = Template.fromStack(stack).findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toContain(refOf('JobQueueUrl'));
    expect(Object.keys(queues)).toContain(refOf('JobDeadLetterQueueUrl'));
    expect(refOf('JobQueueUrl')).not.toBe(refOf('JobDeadLetterQueueUrl'));
    const redrive = (queues[refOf('JobQueueUrl')] as { Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': string[] } } } }).Properties.RedrivePolicy;
    expect(redrive.deadLetterTargetArn['Fn::GetAtt'][0]).toBe(refOf('JobDeadLetterQueueUrl'));
  });
});
