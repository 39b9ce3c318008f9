import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

export type NormalisedPhone = { ok: true; value: string } | { ok: false; message: string };

/**
 * Normalises a Chinese mobile or landline number (138 1234 5678, 028-86123456, +86…) to E.164
 * with libphonenumber's full metadata. Only +86 numbers are accepted: SMS goes through mainland
 * providers, and a foreign number on the roster is far more often a typing error.
 */
export function normalisePhone(input: string): NormalisedPhone {
  const phone = parsePhoneNumberFromString(input.trim(), 'CN');
  if (!phone || !phone.isValid()) return { ok: false, message: `"${maskDigits(input)}" is not a valid Chinese phone number` };
  if (phone.countryCallingCode !== '86') return { ok: false, message: `only mainland China (+86) numbers are accepted, got +${phone.countryCallingCode}` };
  return { ok: true, value: phone.number };
}

export const phoneSchema = z.string().transform((value, ctx) => {
  const result = normalisePhone(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.value;
});

/** Keeps the last four digits only, so error messages never repeat a whole number. */
function maskDigits(input: string): string {
  const digits = input.replace(/\D/g, '');
  return digits.length <= 4 ? '*'.repeat(digits.length) : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}
