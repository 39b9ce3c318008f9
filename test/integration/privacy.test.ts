import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { registerElder } from '../../shared/app/register-elder';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { newWorld, stopDynamo } from '../helpers/world';

afterAll(stopDynamo);

describe('ID numbers at rest', () => {
  it('are stored encrypted (and the certificate number that begins with them), found through a keyed hash, and read back in the clear', async () => {
    const world = await newWorld('sichuan', '2026-11-01T09:00:00+08:00');
    const { registrations: regs, people } = syntheticLedger({ runtime: world.runtime, seed: 11, elders: 200, asOf: '2026-11-01' });
    for (const person of people) await world.repos.people.save(person);
    const reg = regs.find((r) => r.disability !== undefined) ?? regs[0]!;
    await registerElder({ ...world.repos, clock: world.clock, runtime: world.runtime }, reg);
    const { Item } = await world.db.client.send(new GetCommand({ TableName: world.names.registrations, Key: { elderId: reg.id } }));
    const raw = JSON.stringify(Item);
    expect(raw).not.toContain(reg.residentId);
    expect(raw).not.toContain(reg.residentId.slice(6, 14));
    expect(Item?.residentIdHash).toMatch(/^[0-9a-f]{64}$/);
    const back = await world.repos.elders.get(reg.id);
    expect(back?.registration.residentId).toBe(reg.residentId);
    if (reg.disability) expect(back?.registration.disability?.certificateNumber).toBe(reg.disability.certificateNumber);
    expect(await world.repos.elders.findByResidentId(reg.residentId)).toBe(reg.id);
    expect(await world.repos.elders.findByResidentId('11010119800101001X')).toBeUndefined();
  });
});
