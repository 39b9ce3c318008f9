/**
 * The server's clock as last seen. Phones in the field often have the wrong time; visits are
 * stamped with the server's time (from each answer's Date header), and the offset is kept so
 * a visit recorded offline is stamped right too.
 */
const KEY = 'tanfang.clockSkewMs';
let skew = Number(localStorage.getItem(KEY) ?? '0') || 0;

export function observeServerDate(header: string | null, at = Date.now()): void {
  const server = header ? Date.parse(header) : Number.NaN;
  if (!Number.isFinite(server)) return;
  // Date headers have whole seconds: ignore differences the header cannot show.
  const next = Math.abs(server - at) < 1500 ? 0 : server - at;
  if (next !== skew) {
    skew = next;
    localStorage.setItem(KEY, String(skew));
  }
}

export const serverNow = (): Date => new Date(Date.now() + skew);

/** An instant with the China Standard Time offset, as the API's schemas want (2026-11-20T10:00:00+08:00). */
export function toCst(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}
