import type { FieldIssue } from '../validation';

/**
 * Hygiene every input passes before any schema sees it (API bodies, queries and path
 * parameters, ledger cells, weather warnings, CLI forms): one walk, so no field can be
 * forgotten. Text is normalised to NFC (a name typed on two phones compares equal); control,
 * bidirectional and invisible characters and broken UTF-16 are refused, naming the field and
 * the code point; keys that would reach an object's prototype are refused rather than dropped;
 * nesting is bounded so a hostile body cannot exhaust the stack.
 */
export const MAX_INPUT_DEPTH = 20;

/**
 * Numbers people give us are amounts, counts, hours and coordinates: none needs more than
 * 1e15 or less than 1e-9 (other than 0), and DynamoDB refuses magnitudes past 1e125 or under
 * 1e-130 (5e-324 would fail the write after everything was checked).
 */
const MAX_MAGNITUDE = 1e15;
const MIN_MAGNITUDE = 1e-9;

/** Keys that name an object's prototype machinery: never a field of ours. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * C0 controls but tab, line feed and carriage return (addresses and notes may span lines),
 * DEL, and the C1 block; U+2028/2029 break logs and scripts; U+FEFF and U+FFFE/FFFF are not text.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;
/** Bidirectional marks, embeddings, overrides and isolates (Trojan-Source style reordering). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Zero-width characters that hide text or make two equal-looking names differ. */
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\u180E]/;

/** Half of a UTF-16 pair without its other half: what a truncated or forged string leaves behind. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a text may not be stored, or undefined when it may. */
export function textProblem(text: string): string | undefined {
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `contains a lone surrogate (${codePoint(lone[0])}): not valid Unicode text`;
  const control = CONTROL.exec(text);
  if (control) return `contains the control character ${codePoint(control[0])}: remove it`;
  const bidi = BIDI.exec(text);
  if (bidi) return `contains the bidirectional control character ${codePoint(bidi[0])}: remove it`;
  const invisible = INVISIBLE.exec(text);
  if (invisible) return `contains the invisible character ${codePoint(invisible[0])}: remove it`;
  return undefined;
}

/** Cleans one text: NFC, or the problem that refuses it. */
export function cleanText(text: string): { ok: true; value: string } | { ok: false; rule: string } {
  const problem = textProblem(text);
  return problem ? { ok: false, rule: problem } : { ok: true, value: text.normalize('NFC') };
}

const fieldOf = (path: readonly (string | number)[]) => (path.length === 0 ? '(root)' : path.map(String).join('.'));

/**
 * Walks a parsed value: every string cleaned, every key checked. Returns the cleaned copy and
 * every problem found (all of them, so a form is fixed in one go).
 */
export function cleanInput(value: unknown): { value: unknown; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (typeof v === 'string') {
      const cleaned = cleanText(v);
      if (cleaned.ok) return cleaned.value;
      issues.push({ field: fieldOf(path), rule: cleaned.rule });
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || (v !== 0 && (Math.abs(v) > MAX_MAGNITUDE || Math.abs(v) < MIN_MAGNITUDE)))
        issues.push({ field: fieldOf(path), rule: `${v} is not a plausible number (0, or a magnitude between ${MIN_MAGNITUDE} and ${MAX_MAGNITUDE})` });
      return v;
    }
    if (v === null || typeof v !== 'object') return v;
    if (path.length >= MAX_INPUT_DEPTH) {
      issues.push({ field: fieldOf(path), rule: `nests deeper than ${MAX_INPUT_DEPTH} levels` });
      return undefined;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, i]));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const keyProblem = FORBIDDEN_KEYS.has(key) ? 'is not an allowed field name' : textProblem(key);
      if (keyProblem) {
        issues.push({ field: fieldOf([...path, key]), rule: keyProblem === 'is not an allowed field name' ? keyProblem : `the field name ${keyProblem}` });
        continue;
      }
      out[key.normalize('NFC')] = walk((v as Record<string, unknown>)[key], [...path, key]);
    }
    return out;
  };
  const cleaned = walk(value, []);
  return { value: cleaned, issues };
}
