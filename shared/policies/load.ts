import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policySchema } from '../domain/policy/policy';
import type { Policy } from '../domain/policy/policy';
import { formatIssues, ValidationError } from '../domain/validation';

/** Where the bundled region policies live: one JSON file per region, named after its id. */
export const POLICY_DIR = dirname(fileURLToPath(import.meta.url));

/** Validates a policy object; errors name the source file, each field and the rule it broke. */
export function parsePolicy(raw: unknown, source: string): Policy {
  const result = policySchema.safeParse(raw);
  if (!result.success) throw new ValidationError(`policy ${source}`, formatIssues(result.error));
  return result.data;
}

export function loadPolicyFile(path: string): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ValidationError(`policy ${path}`, [{ field: '(file)', rule: `not readable JSON: ${(cause as Error).message}` }]);
  }
  const policy = parsePolicy(raw, path);
  if (policy.id !== basename(path, '.json')) {
    throw new ValidationError(`policy ${path}`, [{ field: 'id', rule: `must equal the file name "${basename(path, '.json')}"` }]);
  }
  return policy;
}

export function listPolicyIds(dir: string = POLICY_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

export function loadPolicy(id: string, dir: string = POLICY_DIR): Policy {
  const ids = listPolicyIds(dir);
  if (!ids.includes(id)) {
    throw new ValidationError('region', [{ field: 'region', rule: `unknown region "${id}"; known: ${ids.join(', ')}` }]);
  }
  return loadPolicyFile(join(dir, `${id}.json`));
}
