import { z } from 'zod';
import { isLocalDate } from '../time/local-date';

/** ISO 7064 MOD 11-2 weights for the 17 body digits of a resident ID (GB 11643-1999). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export interface ResidentId {
  id: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** The county-level code of first registration (first six digits). */
  areaCode: string;
}

export type ParsedResidentId = { ok: true; value: ResidentId } | { ok: false; rule: string; message: string };

/** The check character for 17 body digits. */
export function residentIdCheckChar(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new RangeError('a resident ID body is 17 digits');
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  return CHECK_CHARS[sum % 11]!;
}

/** Parses an 18-digit resident ID (公民身份号码): digits, birth date, check digit. */
export function parseResidentId(input: string): ParsedResidentId {
  const id = input.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, rule: 'length', message: `must be 18 characters, got ${id.length}` };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, rule: 'digits', message: 'must be 17 digits followed by a digit or X' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isLocalDate(birthDate) || Number(id.slice(6, 10)) < 1890) {
    return { ok: false, rule: 'birth date', message: `digits 7–14 must be a real birth date, got ${id.slice(6, 14)}` };
  }
  const expected = residentIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    return { ok: false, rule: 'check digit', message: `check digit should be ${expected} for this ID number (ISO 7064 MOD 11-2), got ${id[17]}` };
  }
  return { ok: true, value: { id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female', areaCode: id.slice(0, 6) } };
}

/** A resident ID, normalised (upper-case X), or an error naming the rule it broke. */
export const residentIdSchema = z.string().transform((value, ctx) => {
  const parsed = parseResidentId(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `resident ID ${parsed.rule}: ${parsed.message}` });
    return z.NEVER;
  }
  return parsed.value.id;
});
