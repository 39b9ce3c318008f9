import { policySchema } from '../domain/policy/policy';
import { formatIssues, ValidationError } from '../domain/validation';
import { regionConfigSchema } from './region-config';
import type { RegionRuntime } from './region-config';

/**
 * The region runtime (config + policy) inside a function. The stack validates it at synth time
 * and esbuild writes it into the bundle as `process.env.TANFANG_REGION_RUNTIME`; it is parsed
 * again here so a bundle can never run on a shape it was not built for.
 */
export function runtimeFromEnv(value: string | undefined = process.env.TANFANG_REGION_RUNTIME): RegionRuntime {
  if (!value) throw new Error('TANFANG_REGION_RUNTIME is not set: the function was bundled without its region runtime');
  const raw = JSON.parse(value) as { config?: unknown; policy?: unknown };
  const config = regionConfigSchema.safeParse(raw.config);
  if (!config.success) throw new ValidationError('region runtime config', formatIssues(config.error));
  const policy = policySchema.safeParse(raw.policy);
  if (!policy.success) throw new ValidationError('region runtime policy', formatIssues(policy.error));
  return { config: config.data, policy: policy.data };
}
