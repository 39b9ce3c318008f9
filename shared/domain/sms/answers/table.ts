import type { SmsAnswer } from '../provider';

/** What a provider code means, without the detail text. */
export type CodeMeaning = { outcome: 'throttled' } | { outcome: 'recipient_limited' } | { outcome: 'invalid_number' } | { outcome: 'refused'; scope: 'template' | 'account' } | { outcome: 'unknown' };

/** The meanings a table maps codes to. */
export const MEANING = {
  throttled: { outcome: 'throttled' },
  recipientLimited: { outcome: 'recipient_limited' },
  invalidNumber: { outcome: 'invalid_number' },
  template: { outcome: 'refused', scope: 'template' },
  account: { outcome: 'refused', scope: 'account' },
  unknown: { outcome: 'unknown' },
} as const satisfies Record<string, CodeMeaning>;

export interface CodeTable {
  /** Exact codes. */
  readonly codes: Readonly<Record<string, CodeMeaning>>;
  /** Families of codes by prefix (`Throttling`, `AuthFailure.`), tried after the exact codes, longest first. */
  readonly prefixes: Readonly<Record<string, CodeMeaning>>;
}

const MAX_DETAIL = 200;

/**
 * The provider's code and message as an answer's `detail`. Any run of seven or more digits is
 * cut to its last four, so a message that quotes a phone number never carries it into the
 * outbox or a log.
 */
export function providerDetail(code: string, message: string | undefined): string {
  const text = message ? `${code}: ${message}` : code;
  const scrubbed = text.replace(/\+?\d{7,}/g, (digits) => `****${digits.slice(-4)}`);
  return scrubbed.length > MAX_DETAIL ? `${scrubbed.slice(0, MAX_DETAIL - 1)}…` : scrubbed;
}

/**
 * Reads a code the provider answered with (anything but success). A code the table does not
 * know is read as `unknown`: nothing is re-sent (no duplicate SMS to a family), nothing is
 * stopped wholesale, and the office sees the code in the message's detail.
 */
export function readCode(table: CodeTable, code: string, message: string | undefined): SmsAnswer {
  const detail = providerDetail(code, message);
  const meaning = table.codes[code] ?? prefixMeaning(table, code);
  if (!meaning) return { outcome: 'unknown', detail: `unrecognised provider code, read as delivery unknown: ${detail}` };
  return meaning.outcome === 'refused' ? { outcome: 'refused', scope: meaning.scope, detail } : { outcome: meaning.outcome, detail };
}

function prefixMeaning(table: CodeTable, code: string): CodeMeaning | undefined {
  const prefix = Object.keys(table.prefixes)
    .filter((p) => code.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : table.prefixes[prefix];
}
