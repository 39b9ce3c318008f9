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
});
