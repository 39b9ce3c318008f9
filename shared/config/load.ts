import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadPolicy } from '../policies/load';
import { formatIssues, ValidationError } from '../domain/validation';
import { applyOverrides, regionConfigSchema } from './region-config';
import type { RegionRuntime } from './region-config';

/** Region configs live with the CDK app: infra/config/<name>.json. */
export const REGION_CONFIG_DIR = resolve(import.meta.dirname, '../../infra/config');

export function listRegions(dir: string = REGION_CONFIG_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** Reads and validates a region config and its policy; every error names the file, field and rule. */
export function loadRegion(name: string, dir: string = REGION_CONFIG_DIR): RegionRuntime {
  const regions = listRegions(dir);
  if (!regions.includes(name)) {
    throw new ValidationError('region', [{ field: 'region', rule: `unknown region "${name}"; known: ${regions.join(', ')}` }]);
  }
  const file = join(dir, `${name}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ValidationError(`region config ${file}`, [{ field: '(file)', rule: `not readable JSON: ${(cause as Error).message}` }]);
  }
  return resolveRegion(raw, file);
}

/** Validates a raw region config object (from a file or from the bundle) and resolves its policy. */
export function resolveRegion(raw: unknown, source: string): RegionRuntime {
  const parsed = regionConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(`region config ${source}`, formatIssues(parsed.error));
  const config = parsed.data;
  if (!source.endsWith('.json') || basename(source, '.json') === config.name) {
    const policy = loadPolicy(config.policy);
    const applied = applyOverrides(config, policy);
    if (!applied.ok) throw new ValidationError(`region config ${source}`, applied.issues);
    return { config, policy: applied.policy };
  }
  throw new ValidationError(`region config ${source}`, [{ field: 'name', rule: `must equal the file name "${basename(source, '.json')}"` }]);
}
