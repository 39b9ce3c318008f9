import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import { Architecture, Code, Function as LambdaFunction, FunctionUrlAuthType, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { PartitionGuard } from '../../infra/constructs/partition-guard';
import { UNAVAILABLE_RESOURCE_TYPES } from '../../infra/partition';
import { listRegions, loadRegion } from '../../shared/config/load';
import { partitionOf } from '../../shared/config/region-config';
import { resolvePseudo } from '../helpers/resolve-pseudo';
import { TABLE_IDS } from '../../shared/adapters/dynamodb/tables';

const ROOT = join(import.meta.dirname, '../..');
const regions = listRegions().map((name) => ({ name, config: loadRegion(name).config }));
const chinaRegions = regions.filter((r) => partitionOf(r.config.aws.region) === 'aws-cn');
const templates = new Map(regions.map((r) => [r.name, Template.fromStack(buildApp(r.name, { context: { 'aws:cdk:bundling-stacks': [] } }).stack).toJSON()]));

/** Every `arn:<partition>:` in a template once pseudo parameters are resolved for its region. */
const arnPartitions = (name: string) => {
  const { config } = regions.find((r) => r.name === name)!;
  const resolved = JSON.stringify(resolvePseudo(templates.get(name)!, config.aws.region));
  return [...resolved.matchAll(/arn:([a-z-]*):/g)].map((m) => m[1]);
};

describe('Bundled configs', () => {
  it('deploy to Beijing or Ningxia with a domestic SMS provider, all but the one global-partition example', () => {
    expect(chinaRegions.map((r) => r.name).sort()).toEqual(['jining', 'national', 'shanghai', 'shishi', 'sichuan']);
    for (const { config } of chinaRegions) expect(['aliyun', 'tencent']).toContain(config.sms.provider);
    expect(new Set(chinaRegions.map((r) => r.config.aws.region))).toEqual(new Set(['cn-north-1', 'cn-northwest-1']));
    expect(new Set(chinaRegions.map((r) => r.config.sms.provider))).toEqual(new Set(['aliyun', 'tencent']));
    const global = regions.filter((r) => partitionOf(r.config.aws.region) === 'aws');
    expect(global.map((r) => [r.name, r.config.aws.region, r.config.sms.provider, r.config.aws.syntheticDataOnly])).toEqual([['example-global', 'ap-southeast-1', 'sns', true]]);
  });

  const needle = ['arn', 'aws', ''].join(':');
  it(`never hard-code the aws partition: no "${needle}" in the code, the configs or the CDK app`, () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|mjs|js|json)$/.test(entry) && readFileSync(path, 'utf8').includes(needle)) offenders.push(relative(ROOT, path));
      }
    };
    for (const dir of ['infra', 'functions', 'shared', 'cli', 'test']) walk(join(ROOT, dir));
    for (const file of ['cdk.json', 'package.json']) if (readFileSync(join(ROOT, file), 'utf8').includes(needle)) offenders.push(file);
    expect(offenders).toEqual([]);
  });
});

describe.each(chinaRegions.map((r) => r.name))('China-partition stack %s', (name) => {
  const template = templates.get(name)!;
  const resources = Object.entries(template.Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>);

  it('puts every ARN in the aws-cn partition (through AWS::Partition, resolved for its region)', () => {
    const partitions = arnPartitions(name);
    expect(partitions.length).toBeGreaterThan(8);
    expect(new Set(partitions)).toEqual(new Set(['aws-cn']));
  });

  it('creates nothing the China regions lack: no user pool, no function URL, no origin access control, no Lambda tracing, no arm64', () => {
    expect(resources.filter(([, r]) => UNAVAILABLE_RESOURCE_TYPES['aws-cn'].includes(r.Type) || r.Type.startsWith('AWS::Cognito::'))).toEqual([]);
    const functions = resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([, r]) => r.Properties!);
    // The six jobs, the job worker, the review reminder, the archive pass, the device-alarm function, the ledger import,
    // the SMS callbacks of the domestic provider, and the CDK's handler that sets the upload bucket's notification.
    expect(functions).toHaveLength(13);
    for (const fn of functions) {
      // No Architectures is Lambda's default, x86_64 (the CDK's notification handler states none).
      expect(fn.Architectures ?? ['x86_64']).toEqual(['x86_64']);
      expect(fn.TracingConfig).toBeUndefined();
    }
  });

  it('grants no SNS SMS permission (the provider is domestic)', () => {
    const grants = resources.filter(([, r]) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::Role');
    expect(grants.length).toBeGreaterThan(6);
    expect(grants.filter(([, r]) => JSON.stringify(r).includes('sns:'))).toEqual([]);
  });

  it('keeps the global-partition features it can: DynamoDB global tables with PITR, EventBridge Scheduler with a time zone and a DLQ', () => {
    expect(resources.filter(([, r]) => r.Type === 'AWS::DynamoDB::GlobalTable')).toHaveLength(TABLE_IDS.length);
    expect(resources.some(([, r]) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties!.ScheduleExpressionTimezone === 'Asia/Shanghai')).toBe(true);
  });
});

describe('The global-partition example', () => {
  it('puts every ARN in the aws partition, with the same code', () => {
    expect(new Set(arnPartitions('example-global'))).toEqual(new Set(['aws']));
  });
});

// cfn-lint carries CloudFormation's resource registry per region; where it is installed (it is
// on these machines) the China templates are checked against cn-north-1 / cn-northwest-1 too.
const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
describe.skipIf(cfnLint.error !== undefined || cfnLint.status !== 0)('cfn-lint, region by region (skipped where cfn-lint is not installed)', () => {
  // One template per China region (the others differ only in values), linted for both regions.
  // cfn-lint takes about 70 s per template alone on two cores, and more than 120 s for both when the machine is shared.
  it('finds no resource type or property the China regions do not offer', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-cfn-'));
    const onePerRegion = [...new Map(chinaRegions.map((r) => [r.config.aws.region, r])).values()];
    expect(onePerRegion).toHaveLength(2);
    const files = onePerRegion.map((r) => {
      const file = join(dir, `${r.name}.json`);
      writeFileSync(file, JSON.stringify(templates.get(r.name)));
      return file;
    });
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--regions', 'cn-north-1', 'cn-northwest-1', '--', ...files], { encoding: 'utf8' });
    const errors = run.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
  });

  it('would catch what the China regions lack (a user pool and a function URL)', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-cfn-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ Resources: { P: { Type: 'AWS::Cognito::UserPool', Properties: {} }, U: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'AWS_IAM', TargetFunctionArn: 'f' } } } }));
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--regions', 'cn-northwest-1', '--', file], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/E3006.*AWS::Cognito::UserPool/);
    expect(run.stdout).toMatch(/E3006.*AWS::Lambda::Url/);
  });
});

describe('Class: PartitionGuard', () => {
  const guarded = (region: string, build: (stack: Stack) => void) => {
    const stack = new Stack(new App(), 'Probe', { env: { account: '123456789012', region } });
    build(stack);
    Aspects.of(stack).add(new PartitionGuard(partitionOf(region)));
    return Annotations.fromStack(stack)
      .findError('*', Match.anyValue())
      .map((e) => String(e.entry.data));
  };
  const fn = (stack: Stack, props: Partial<ConstructorParameters<typeof LambdaFunction>[2]> = {}) =>
    new LambdaFunction(stack, 'Fn', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('exports.handler=async()=>1'), ...props });

  it('fails synth in China for a function URL, a user pool, arm64 or Lambda tracing', () => {
    expect(guarded('cn-northwest-1', (s) => fn(s, { architecture: Architecture.X86_64 }).addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM }))).toEqual([expect.stringMatching(/AWS::Lambda::Url is not available in Probe \(aws-cn\)/)]);
    expect(guarded('cn-north-1', (s) => new CfnUserPool(s, 'Pool'))).toEqual([expect.stringMatching(/AWS::Cognito::UserPool is not available/)]);
    expect(guarded('cn-north-1', (s) => fn(s, { architecture: Architecture.ARM_64 }))).toEqual([expect.stringMatching(/arm64 is not confirmed in Probe \(aws-cn\): use x86_64/)]);
    expect(guarded('cn-north-1', (s) => fn(s, { tracing: Tracing.ACTIVE }))).toEqual([expect.stringMatching(/X-Ray active tracing of Lambda functions is not available/)]);
  });

  it('lets the global partition have all of them', () => {
    expect(
      guarded('ap-southeast-1', (s) => {
        fn(s, { architecture: Architecture.ARM_64, tracing: Tracing.ACTIVE }).addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });
        new CfnUserPool(s, 'Pool');
      }),
    ).toEqual([]);
  });
});
