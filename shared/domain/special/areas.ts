import { areaLevel, isWithin } from '../elder/area-code';

/** A Query over the elders of one county, optionally narrowed to a township or village. */
export interface AreaScope {
  county: string;
  /** A township or village code the elders' village code starts with. */
  prefix?: string | undefined;
}

export interface ScopeResult {
  scopes: AreaScope[];
  /** Alert area codes that touch none of the deployment's counties (another region's business). */
  outside: string[];
}

/**
 * Turns an alert's area codes into the fewest Queries over the deployment's counties: a city
 * or province code covers every served county inside it; a township or village code inside a
 * county already covered whole adds nothing; a township covers its villages.
 */
export function scopesFor(areaCodes: readonly string[], counties: readonly string[]): ScopeResult {
  const whole = new Set<string>();
  const prefixes = new Set<string>();
  const outside: string[] = [];
  for (const code of areaCodes) {
    const level = areaLevel(code);
    if (level === 'province' || level === 'city') {
      const inside = counties.filter((c) => isWithin(c, code));
      if (inside.length === 0) outside.push(code);
      inside.forEach((c) => whole.add(c));
    } else if (!counties.includes(code.slice(0, 6))) {
      outside.push(code);
    } else if (level === 'county') {
      whole.add(code);
    } else {
      prefixes.add(code);
    }
  }
  const narrowed = [...prefixes]
    .filter((p) => !whole.has(p.slice(0, 6)))
    .filter((p) => ![...prefixes].some((q) => q !== p && p.startsWith(q)))
    .sort();
  return {
    scopes: [...[...whole].sort().map((county) => ({ county })), ...narrowed.map((prefix) => ({ county: prefix.slice(0, 6), prefix }))],
    outside,
  };
}

/** Whether an elder's village lies in any of the alert's areas. */
export function inAlertArea(villageCode: string, areaCodes: readonly string[]): boolean {
  return areaCodes.some((code) => isWithin(villageCode, code));
}
