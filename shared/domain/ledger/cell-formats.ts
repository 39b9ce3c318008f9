/**
 * How several values share one ledger cell, both ways: what `ledger export` writes is what
 * `ledger import` reads back, value for value. Lists are separated by 、，；, newlines; the
 * parts of one entry (a contact, a household member) by /. The registration schema refuses
 * these characters inside the values themselves, so nothing is ever ambiguous.
 */
export const YES = ['是', '有', 'Y', 'y', 'yes', '1', '√', '同意'];
export const NO = ['否', '无', 'N', 'n', 'no', '0', '×', '不同意'];

export const yesNo = (b: boolean) => (b ? '是' : '否');

/** A list cell's values. */
export const splitList = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[、，,；;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Entries of a cell whose entries have parts (a contact, a household member): 、 and ， may not part them. */
export const splitEntries = (cell: string | undefined) =>
  (cell ?? '')
    .split(/[；;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export const splitParts = (entry: string) => entry.split(/[/／|｜]/).map((s) => s.trim());

/** Trailing empty parts dropped: `李明/子女/13900001111` rather than `李明/子女/13900001111//`. */
export const joinParts = (parts: readonly string[]) => {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end--;
  return parts.slice(0, end).join('/');
};

/** A geocode as `纬度,经度` (30.6598,104.0633): numbers as JavaScript writes them, so they read back exactly. */
export const locationCell = (p: { lat: number; lng: number } | undefined) => (p ? `${p.lat},${p.lng}` : '');

export function parseLocation(cell: string): { lat: number; lng: number } | string {
  const parts = cell.split(/[,，\s]+/).filter(Boolean);
  const [lat, lng] = parts.map(Number);
  if (parts.length !== 2 || lat === undefined || lng === undefined || Number.isNaN(lat) || Number.isNaN(lng)) return `"${cell}" must be 纬度,经度, e.g. 30.6598,104.0633`;
  return { lat, lng };
}

/**
 * Excel and WPS run a cell that starts with = + - @ (or a tab or CR before one) as a formula
 * (OWASP CSV injection): a name typed as =HYPERLINK(…) must open as text. Such a cell, and one
 * already starting with ', is written with a leading ' (Excel's own "this is text" mark),
 * which the import takes off again, so export → import stays exact.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r']/.test(value) ? `'${value}` : value;
}

export function unneutraliseCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}
