import { localDateOf, localTimeOf } from '../time/instant';
import { isLocalDate } from '../time/local-date';
import { lengthOf } from './template';
import type { TemplateVariable } from './template';

/**
 * Turning a raw value into a template parameter that always fits its variable: never over
 * `maxLength`, never empty, never carrying what providers refuse in a variable (【】, braces,
 * quotes, angle brackets, a link, a run of five or more digits that could be a phone or ID
 * number). Each type shortens by its own rule, so a long value is cut where a reader expects.
 */

export class TemplateValueError extends Error {
  override readonly name = 'TemplateValueError';
}

/** Characters providers refuse inside a variable (Aliyun, Huawei: 【】{}'<>.; and what would make a link: / : @). */
const REFUSED = /https?:\/\/|www\.|[【】[\]{}<>'"`\\./:@]/gi;
const LONG_DIGITS = /\d{5,}/g;

const clean = (s: string) => s.replace(REFUSED, '').replace(LONG_DIGITS, '').replace(/\s+/g, '').trim();

/** When a value cleans down to nothing, what the reader sees instead (never an empty variable). */
const FALLBACK: Partial<Record<TemplateVariable['type'], string>> = { masked_name: '老人', place: '所在村' };

/** 张*华 stays; a long masked name keeps its first and last character around one or more stars. */
function shortenMaskedName(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  const first = chars[0]!;
  const last = chars[chars.length - 1]!;
  if (max <= 2) return `${first}*`.slice(0, max);
  return `${first}${'*'.repeat(Math.min(2, max - 2))}${last}`;
}

/** Administrative suffixes that say nothing in a message: 天鹅村民委员会 → 天鹅村. */
const PLACE_SUFFIXES: readonly [string, string][] = [
  ['社区居民委员会', '社区'],
  ['居民委员会', '社区'],
  ['村民委员会', '村'],
  ['委员会', ''],
];
const KEPT_ENDINGS = ['社区', '村', '居'];

/** A place keeps its kind at the end when cut: 二仙桥东路社区 → 二仙桥社区 (max 5). */
function shortenPlace(value: string, max: number): string {
  let name = value;
  for (const [suffix, replacement] of PLACE_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      name = name.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const ending = KEPT_ENDINGS.find((e) => name.endsWith(e) && lengthOf(e) < max);
  if (!ending) return chars.slice(0, max).join('');
  return chars.slice(0, max - lengthOf(ending)).join('') + ending;
}

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/**
 * The parameter for one variable. Throws TemplateValueError for a value of the wrong shape
 * (a programming error, never something the ledger can cause): a negative count, a date that
 * is not a date, a word outside its list.
 */
export function parameterFor(variable: TemplateVariable, raw: string | number): string {
  const { type, maxLength: max, name } = variable;
  switch (type) {
    case 'count': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isInteger(n) || n < 0) throw new TemplateValueError(`${name}: a count must be a whole number ≥ 0, got ${String(raw)}`);
      // A count past the variable's digits is shown as its largest value (9999), never cut to the wrong number.
      return String(Math.min(n, 10 ** max - 1));
    }
    case 'date': {
      const date = String(raw).slice(0, 10);
      if (!isLocalDate(date)) throw new TemplateValueError(`${name}: expected a date or time, got ${String(raw)}`);
      return monthDay(date);
    }
    case 'day_hour': {
      const at = String(raw);
      if (Number.isNaN(Date.parse(at))) throw new TemplateValueError(`${name}: expected an ISO 8601 time, got ${at}`);
      return `${Number(localDateOf(at).slice(8, 10))}日${Number(localTimeOf(at).slice(0, 2))}时`;
    }
    case 'word': {
      const word = String(raw);
      if (!(variable.values ?? []).includes(word)) throw new TemplateValueError(`${name}: "${word}" is not one of ${(variable.values ?? []).join('、')}`);
      return word;
    }
    case 'masked_name': {
      const value = clean(String(raw));
      return value === '' ? FALLBACK.masked_name! : shortenMaskedName(value, max);
    }
    case 'place': {
      const value = clean(String(raw));
      return value === '' ? FALLBACK.place! : shortenPlace(value, max);
    }
  }
}
