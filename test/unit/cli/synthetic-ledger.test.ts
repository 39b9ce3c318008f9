import { describe, expect, it } from 'vitest';
import { syntheticLedger } from '../../../cli/simulation/ledger';
import { loadRegion } from '../../../shared/config/load';
import { elderRegistrationSchema } from '../../../shared/domain/elder/registration';

describe('the synthetic ledger', () => {
  it('gives every elder a valid, distinct ID number, reproducibly', () => {
    const runtime = loadRegion('sichuan');
    const a = syntheticLedger({ runtime, seed: 3, elders: 5000, asOf: '2026-11-01' });
    const ids = a.registrations.map((r) => r.residentId);
    expect(new Set(ids).size).toBe(5000);
    for (const r of a.registrations.slice(0, 200)) expect(elderRegistrationSchema.safeParse(r).success).toBe(true);
    expect(syntheticLedger({ runtime, seed: 3, elders: 5000, asOf: '2026-11-01' }).registrations.map((r) => r.residentId)).toEqual(ids);
  });
});
