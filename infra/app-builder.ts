import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { listRegions, loadRegion, REGION_CONFIG_DIR } from '../shared/config/load';
import { ValidationError } from '../shared/domain/validation';
import { RegionStack } from './stacks/region-stack';

export interface BuildOptions {
  configDir?: string;
  /** Context for the app, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling in tests. */
  context?: Record<string, unknown>;
}

/** Builds the app for one region: its config is validated first, so a bad config fails synth with its field and rule. */
export function buildApp(region: string | undefined, options: BuildOptions = {}): { app: App; stack: RegionStack } {
  const dir = options.configDir ?? REGION_CONFIG_DIR;
  if (!region) {
    throw new Error(`Choose a region: npx cdk synth -c region=<name>, one of ${listRegions(dir).join(', ')} (configs in infra/config/)`);
  }
  const runtime = loadRegion(region, dir);
  if (runtime.config.sms.provider === 'local') {
    // The local provider appends to a file: in a function it would swallow every SMS.
    throw new ValidationError(`region config ${runtime.config.name}`, [{ field: 'sms.provider', rule: '"local" writes SMS to a file and delivers nothing from AWS; choose aliyun or tencent (China) or sns (global partition)' }]);
  }
  const app = new App({ context: { ...featureFlags(), ...(options.context ?? {}) } });
  const stack = new RegionStack(app, `Tanfang-${runtime.config.name}`, {
    runtime,
    env: { account: runtime.config.aws.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: runtime.config.aws.region },
    description: `Tanfang visit-and-care tasks for ${runtime.config.displayName} (${runtime.policy.id} policy)`,
    tags: { project: 'tanfang', region: runtime.config.name },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** cdk.json's context (the recommended feature flags of the installed aws-cdk-lib), so tests synthesize what `cdk synth` does. */
function featureFlags(): Record<string, unknown> {
  const file = join(import.meta.dirname, '..', 'cdk.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}
