import { describe, expect, it } from 'vitest';
import { DEFAULT_SPOT_CHECK, drawSpotChecks, sampleSize, weights } from '../../../../shared/domain/reports/spot-check';
import type { SpotCheckCandidate } from '../../../../shared/domain/reports/spot-check';

const visit = (i: number, over: Partial<SpotCheckCandidate> = {}): SpotCheckCandidate => ({ elderId: `E${i}`, visitId: `v${i}`, taskId: 't', villageCode: '510108001001', visitorId: `vis${i % 5}`, flags: [], ...over });
const rules = { ...DEFAULT_SPOT_CHECK, share: 0.1, minimum: 1 };

describe('Spot-check sampling (抽查)', () => {
  it('draws the configured share of the township, at least the minimum, never more than there are', () => {
    expect(sampleSize(200, rules)).toBe(20);
    expect(sampleSize(3, { ...rules, minimum: 5 })).toBe(3);
    expect(sampleSize(20, { ...rules, minimum: 5 })).toBe(5);
  });

  it('draws the same visits for the same seed, whatever order the candidates came in, and others for another seed', () => {
    const all = Array.from({ length: 100 }, (_, i) => visit(i));
    const a = drawSpotChecks(all, { township: '510108001', seed: 's1', rules });
    const b = drawSpotChecks([...all].reverse(), { township: '510108001', seed: 's1', rules });
    const c = drawSpotChecks(all, { township: '510108001', seed: 's2', rules });
    expect(b.map((v) => v.visitId)).toEqual(a.map((v) => v.visitId));
    expect(c.map((v) => v.visitId)).not.toEqual(a.map((v) => v.visitId));
  });

  it('never draws a visit outside the township, even when the candidates hold some', () => {
    const all = [...Array.from({ length: 50 }, (_, i) => visit(i)), ...Array.from({ length: 50 }, (_, i) => visit(100 + i, { villageCode: '510108002001', flags: ['too_short'] }))];
    for (let s = 0; s < 50; s++) for (const v of drawSpotChecks(all, { township: '510108001', seed: `s${s}`, rules: { ...rules, share: 0.5 } })) expect(v.villageCode.startsWith('510108001')).toBe(true);
  });

  it('weighs a visit by its own flags and by its visitor’s other flagged visits', () => {
    const w = weights([visit(1, { visitorId: 'a', flags: ['too_short', 'far_from_home'] }), visit(2, { visitorId: 'a', flags: ['bulk_entry'] }), visit(3, { visitorId: 'a' }), visit(4, { visitorId: 'b' })], DEFAULT_SPOT_CHECK);
    // 1 + 4×2 own flags + 1 other flagged visit of a; 1 + 4 + 1; 1 + 2 flagged visits of a; 1.
    expect(w).toEqual([10, 6, 3, 1]);
  });

  it('honours the weights: over many seeds a visit four times as heavy is drawn first about four times as often', () => {
    const heavy = visit(0, { visitorId: 'x', flags: ['too_short'] }); // weight 1 + 4 = 5
    const light = Array.from({ length: 5 }, (_, i) => visit(i + 1, { visitorId: `y${i}` })); // weight 1 each
    const seeds = 4000;
    let drawn = 0;
    for (let s = 0; s < seeds; s++) if (drawSpotChecks([heavy, ...light], { township: '510108001', seed: `seed-${s}`, rules: { ...rules, share: 0.01, minimum: 1 } })[0]!.visitId === heavy.visitId) drawn++;
    // P(first = heavy) = 5 / (5 + 5) = 0.5; a light one 0.1 each.
    expect(drawn / seeds).toBeGreaterThan(0.46);
    expect(drawn / seeds).toBeLessThan(0.54);
  });
});
