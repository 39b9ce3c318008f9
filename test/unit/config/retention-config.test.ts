import { describe, expect, it } from 'vitest';
import { resolveRegion } from '../../../shared/config/load';
import { DEFAULT_RETENTION } from '../../../shared/config/retention-config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGION_CONFIG_DIR } from '../../../shared/config/load';
import { ValidationError } from '../../../shared/domain/validation';

const sichuan = () => JSON.parse(readFileSync(join(REGION_CONFIG_DIR, 'sichuan.json'), 'utf8')) as Record<string, unknown>;
const resolve = (retention: unknown) => resolveRegion({ ...sichuan(), retention }, join(REGION_CONFIG_DIR, 'sichuan.json'));

function issues(retention: unknown): readonly { field: string; rule: string }[] {
  try {
    resolve(retention);
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  return [];
}

describe('Retention in the region config', () => {
  it('defaults to 25 months of closed tasks and two years of SMS records', () => {
    const { config } = resolveRegion(sichuan(), join(REGION_CONFIG_DIR, 'sichuan.json'));
    expect(config.retention).toEqual(DEFAULT_RETENTION);
    expect(resolve({ closedTaskMonths: 13 }).config.retention).toEqual({ closedTaskMonths: 13, outboxDays: DEFAULT_RETENTION.outboxDays });
  });

  it('refuses fewer than 13 months of closed tasks, naming the field and why', () => {
    const found = issues({ closedTaskMonths: 12 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ field: 'retention.closedTaskMonths', rule: expect.stringContaining("at least 13 months: last year's visit rates") });
  });

  it('refuses fewer than 90 days of SMS records, fractions, strings, negatives and unknown fields', () => {
    expect(issues({ outboxDays: 89 })[0]).toMatchObject({ field: 'retention.outboxDays', rule: expect.stringContaining('at least 90') });
    expect(issues({ closedTaskMonths: 13.5 })[0]?.field).toBe('retention.closedTaskMonths');
    expect(issues({ outboxDays: '365' })[0]?.field).toBe('retention.outboxDays');
    expect(issues({ closedTaskMonths: -1 })[0]?.field).toBe('retention.closedTaskMonths');
    expect(issues({ ttlAttribute: 'x' })[0]?.field).toBe('retention');
    expect(issues('forever')[0]?.field).toBe('retention');
  });
});
