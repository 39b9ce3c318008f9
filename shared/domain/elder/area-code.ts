import { z } from 'zod';

/** Province-level prefixes of GB/T 2260 (including Taiwan 71, Hong Kong 81, Macao 82). */
const PROVINCES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);

export type AreaLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** Why a code is not an area code, or undefined when it is one. */
export function areaCodeProblem(code: string): string | undefined {
  if (!/^\d+$/.test(code)) return 'must contain digits only';
  if (![6, 9, 12].includes(code.length)) return 'must be 6 (county), 9 (township) or 12 (village/community) digits (GB/T 2260)';
  if (!PROVINCES.has(code.slice(0, 2))) return `starts with ${code.slice(0, 2)}, which is not a GB/T 2260 province code`;
  if (code.length >= 9 && code.slice(6, 9) === '000') return 'the township part (digits 7–9) must not be 000';
  if (code.length === 12 && code.slice(9, 12) === '000') return 'the village part (digits 10–12) must not be 000';
  return undefined;
}

export const areaCodeSchema = z.string().superRefine((code, ctx) => {
  const problem = areaCodeProblem(code);
  if (problem) ctx.addIssue({ code: 'custom', message: `area code ${problem}` });
});

export function areaLevel(code: string): AreaLevel {
  if (code.length === 12) return 'village';
  if (code.length === 9) return 'township';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The area one level up, or undefined for a province. */
export function parentArea(code: string): string | undefined {
  switch (areaLevel(code)) {
    case 'village':
      return code.slice(0, 9);
    case 'township':
      return code.slice(0, 6);
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'province':
      return undefined;
  }
}

/** Every area above, nearest first: village 510104001002 → 510104001, 510104, 510100, 510000. */
export function ancestors(code: string): string[] {
  const out: string[] = [];
  for (let a = parentArea(code); a !== undefined; a = parentArea(a)) out.push(a);
  return out;
}

/** Whether `code` is `ancestor` or lies inside it. */
export function isWithin(code: string, ancestor: string): boolean {
  return code === ancestor || ancestors(code).includes(ancestor);
}
