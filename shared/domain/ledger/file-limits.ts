/**
 * What a ledger file may hold before it is refused unread. A county's ledger is a few
 * thousand to a few tens of thousands of elders (a province imports county by county); the
 * widest ledger form has about 45 columns; the longest field (a disease history) is 500
 * characters. Each limit is said in the refusal so the office knows what to change.
 */
export const LEDGER_FILE_LIMITS = {
  /** Bytes on disk (or in a request), before anything is read. */
  maxBytes: 64 * 1024 * 1024,
  /** Bytes an XLSX declares once unzipped (a zip bomb declares far more than it looks). */
  maxUnzippedBytes: 512 * 1024 * 1024,
  /** Rows that may hold a value, header and title rows included. */
  maxRows: 100_000,
  /** Columns that may hold a value. */
  maxColumns: 100,
  /** Characters in one cell. */
  maxCellChars: 2_000,
} as const;

/** Thrown when a file cannot be imported at all: unreadable, over a limit, no header row, required columns missing. */
export class LedgerFileError extends Error {
  override readonly name = 'LedgerFileError';
}
