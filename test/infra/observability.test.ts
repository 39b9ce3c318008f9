import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { APP_METRICS } from '../../infra/constructs/dashboard';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const ROOT = join(import.meta.dirname, '../..');

function synth(region: string) {
  const { stack } = buildApp(region, { context: NO_BUNDLING });
  return { stack, template: Template.fromStack(stack) };
}

type Resource = { Type: string; Properties: Record<string, unknown> };
const envOf = (fn: Resource) => (fn.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};
/** The stack's own functions (CDK's helper functions, e.g. for bucket deployments, are not ours). */
const functionsOf = (template: Template) => Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(([, fn]) => envOf(fn).POWERTOOLS_SERVICE_NAME === 'tanfang');

/** The source of every function handler and its shared helpers, where metrics are published. */
const functionSources = (): string => {
  const dir = join(ROOT, 'functions');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
};

describe.each([
  { region: 'sichuan', china: true },
  { region: 'example-global', china: false },
])('Observability of the $region stack', ({ region, china }) => {
  const { stack, template } = synth(region);
  const json = JSON.stringify(template.toJSON());

  it(china ? 'keeps X-Ray tracing and the Tracer off on every function (Lambda has no X-Ray in China)' : 'traces every function with X-Ray and the Powertools Tracer', () => {
    const fns = functionsOf(template);
    expect(fns.length).toBeGreaterThanOrEqual(8);
    for (const [, fn] of fns) {
      expect(fn.Properties.TracingConfig).toEqual(china ? undefined : { Mode: 'Active' });
      expect(envOf(fn).POWERTOOLS_TRACE_ENABLED).toBe(String(!china));
    }
    expect(json.includes('xray:PutTraceSegments')).toBe(!china);
  });

  it('has one dashboard with tasks, escalations by level, SMS sent / failed / deferred / undelivered, dead letters, job durations and errors, and every alarm', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard') as Record<string, Resource>);
    expect(dashboard!.Properties.DashboardName).toBe(`Tanfang-${region}`);
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const metric of Object.values(APP_METRICS).flat()) expect(body, metric).toContain(`\\"${metric}\\"`);
    for (const title of ['Overdue tasks escalated, by level', 'SMS failed', 'SMS deferred and held', 'SMS undelivered', 'Dead letters (messages waiting)', 'Job errors', 'Job duration (p95)', 'Alarms']) expect(body).toContain(title);
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    expect(body).toContain('\\"Duration\\"');
    // The alarm widget lists every alarm of the stack.
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(10);
    for (const alarm of alarms) expect(body, alarm).toContain(alarm);
  });

  it('lets the functions read the settings parameter, and nothing in the stack but the administrators’ role write it', () => {
    const name = `/tanfang/${region}/settings`;
    const readers = functionsOf(template).filter(([, fn]) => envOf(fn).TANFANG_SETTINGS_PARAMETER === name);
    const ingest = functionsOf(template).filter(([id]) => id.startsWith('IngestAlert'));
    expect(readers.length).toBe(functionsOf(template).length - ingest.length);
    for (const [, fn] of ingest) expect(envOf(fn).TANFANG_SETTINGS_PARAMETER).toBeUndefined();
    // Inline policies, and the managed ones CDK moves a large role's overflow into. The administrators'
    // role (tanfang settings set --stack) is a person's, not a function's: it gets and puts the parameter.
    const admin = (template.toJSON().Outputs.AdminCliRoleArn.Value as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const policies = [...Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy') as Record<string, Resource>)];
    const statementsOf = (list: Resource[]) => list.flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const isAdmin = (p: Resource) => JSON.stringify(p.Properties.Roles ?? []).includes(`"${admin}"`);
    const adminSsm = statementsOf(policies.filter(isAdmin)).filter((s) => [s.Action].flat().some((a) => a.startsWith('ssm:')));
    expect(adminSsm.map((s) => s.Action)).toEqual([['ssm:GetParameter', 'ssm:PutParameter']]);
    expect(JSON.stringify(adminSsm[0]!.Resource)).toContain(`:parameter${name}`);
    const statements = statementsOf(policies.filter((p) => !isAdmin(p)));
    const ssm = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ssm:')));
    expect(ssm.length).toBe(readers.length);
    for (const s of ssm) {
      expect(s.Action).toBe('ssm:GetParameter');
      expect(JSON.stringify(s.Resource)).toContain(`:parameter${name}`);
      expect(JSON.stringify(s.Resource)).not.toContain('*');
    }
    // The stack owns no parameter: a deploy must never reset what an office set.
    template.resourceCountIs('AWS::SSM::Parameter', 0);
    expect(json).toContain(`"Value":"${name}"`);
  });

  it('passes cdk-nag AwsSolutions with tracing and the dashboard', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});

describe('Dashboard metrics', () => {
  it('are each published by a function (no widget over a metric nothing emits)', () => {
    const source = functionSources();
    for (const metric of Object.values(APP_METRICS).flat()) {
      const published = source.includes(`'${metric}'`) || (metric.startsWith('EscalationsLevel') && source.includes('`EscalationsLevel${level}`'));
      expect(published, metric).toBe(true);
    }
  });
});
