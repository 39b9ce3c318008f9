import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { isWithin } from '../elder/area-code';

/**
 * 抽查 (川民发〔2023〕116号 四(三): 采取抽查、不定期检查等方式): each month an instructor calls the
 * elders (or families) of a sample of the township's completed visits to confirm they happened.
 * The sample is weighted towards flagged visits and visitors with many flags, seeded so the same
 * seed always draws the same visits, and never holds a visit outside the township.
 */
export interface SpotCheckRules {
  /** Share of the month's completed visits to check (0–1). */
  share: number;
  /** At least this many per township (or all, when fewer). */
  minimum: number;
  /** Added to a visit's weight per fake-visit flag it raised. */
  flaggedWeight: number;
  /** Added per flagged visit its visitor made in the township that month (others than this one). */
  visitorFlagWeight: number;
}

export const DEFAULT_SPOT_CHECK: SpotCheckRules = { share: 0.05, minimum: 5, flaggedWeight: 4, visitorFlagWeight: 1 };

export interface SpotCheckCandidate {
  elderId: string;
  visitId: string;
  taskId: string;
  villageCode: string;
  visitorId: string;
  /** Fake-visit flag kinds the visit raised. */
  flags: readonly string[];
}

export interface DrawnVisit extends SpotCheckCandidate {
  weight: number;
}

export function sampleSize(candidates: number, rules: SpotCheckRules): number {
  return Math.min(candidates, Math.max(rules.minimum, Math.ceil(candidates * rules.share)));
}

/** FNV-1a: a stable 32-bit number from the draw's seed text (same text, same draw, on any machine). */
function seedNumber(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

/** Each candidate's weight: 1, plus its own flags, plus its visitor's other flagged visits. */
export function weights(candidates: readonly SpotCheckCandidate[], rules: SpotCheckRules): number[] {
  const flaggedByVisitor = new Map<string, number>();
  for (const c of candidates) if (c.flags.length > 0) flaggedByVisitor.set(c.visitorId, (flaggedByVisitor.get(c.visitorId) ?? 0) + 1);
  return candidates.map((c) => {
    const others = (flaggedByVisitor.get(c.visitorId) ?? 0) - (c.flags.length > 0 ? 1 : 0);
    return 1 + rules.flaggedWeight * c.flags.length + rules.visitorFlagWeight * others;
  });
}

/**
 * Weighted sampling without replacement (Efraimidis & Spirakis 2006): each candidate gets the key
 * u^(1/w) for a uniform u, and the largest keys are drawn, so a visit twice as heavy is twice as
 * likely to be the first one drawn. Candidates are put in a fixed order first, so the order a
 * query returned them in never changes the draw.
 */
export function drawSpotChecks(all: readonly SpotCheckCandidate[], options: { township: string; seed: string; rules: SpotCheckRules }): DrawnVisit[] {
  const candidates = all.filter((c) => isWithin(c.villageCode, options.township)).sort((a, b) => `${a.elderId}#${a.visitId}`.localeCompare(`${b.elderId}#${b.visitId}`));
  const w = weights(candidates, options.rules);
  const rng = xoroshiro128plus(seedNumber(`${options.seed}#${options.township}`));
  const keyed = candidates.map((c, i) => ({ c, weight: w[i]!, key: Math.log(1 - uniformFloat64(rng)) / w[i]! }));
  keyed.sort((a, b) => b.key - a.key);
  return keyed.slice(0, sampleSize(candidates.length, options.rules)).map(({ c, weight }) => ({ ...c, weight }));
}
