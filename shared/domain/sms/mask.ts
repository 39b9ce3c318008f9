/**
 * The only form of a name an SMS may carry: 张三 → 张*, 张三华 → 张*华, 欧阳娜娜 → 欧**娜.
 * Code points, not UTF-16 units, so rare characters outside the BMP are masked whole.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** +8613812345678 → +86 138****5678, for anything a person might read (logs, local outbox). */
export function maskPhone(e164: string): string {
  const m = /^\+86(\d{3})\d+(\d{4})$/.exec(e164);
  if (m) return `+86 ${m[1]}****${m[2]}`;
  return e164.length <= 4 ? '****' : `${'*'.repeat(e164.length - 4)}${e164.slice(-4)}`;
}
