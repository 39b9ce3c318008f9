import type { CentralDirectory } from 'unzipper';
import { LEDGER_FILE_LIMITS, LedgerFileError } from '../../domain/ledger/file-limits';
import type { SheetRow } from './read';

/** A merged range, 1-based and inclusive, as `<mergeCell ref="A2:A9"/>` writes it. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** More merged ranges than any ledger has: a sheet past it is refused rather than walked. */
const MAX_MERGES = 20_000;

const MERGE_CELL = /<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"/g;

const columnNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/**
 * The merged ranges of a worksheet part. exceljs's streaming reader does not report merges
 * (they follow the rows in the XML), so the part is streamed once more and only its
 * `<mergeCell>` elements are read; memory stays a few KiB whatever the sheet's size.
 */
export async function mergeRanges(directory: CentralDirectory, sheetPath: string): Promise<MergeRange[]> {
  const entry = directory.files.find((f) => f.path === sheetPath);
  if (!entry) return [];
  const ranges: MergeRange[] = [];
  let tail = '';
  try {
    for await (const chunk of entry.stream()) {
      const text = tail + String(chunk);
      let last = 0;
      for (const m of text.matchAll(MERGE_CELL)) {
        ranges.push({ left: columnNumber(m[1]!), top: Number(m[2]), right: columnNumber(m[3]!), bottom: Number(m[4]) });
        if (ranges.length > MAX_MERGES) throw new LedgerFileError(`has more than ${MAX_MERGES} merged ranges`);
        last = (m.index ?? 0) + m[0].length;
      }
      // Keep what may be the start of an element cut by the chunk boundary.
      tail = text.slice(Math.max(last, text.length - 200));
    }
  } catch (error) {
    if (error instanceof LedgerFileError) throw error;
    throw new LedgerFileError(`is a damaged XLSX workbook: ${(error as Error).message}`);
  }
  return ranges;
}

/**
 * Rows numbered 1…last with a value (gaps filled with blank rows), each cell of a merged range
 * reading as its master cell's text, as Excel shows it.
 */
export function applyMerges(valueRows: readonly SheetRow[], merges: readonly MergeRange[]): SheetRow[] {
  const last = valueRows.reduce((n, r) => Math.max(n, r.rowNumber), 0);
  const byNumber = new Map(valueRows.map((r) => [r.rowNumber, r]));
  const rows: SheetRow[] = [];
  for (let n = 1; n <= last; n++) rows.push(byNumber.get(n) ?? { rowNumber: n, cells: [] });
  for (const m of merges) {
    const master = rows[m.top - 1]?.cells[m.left - 1];
    if (!master) continue;
    const bottom = Math.min(m.bottom, last);
    const right = Math.min(m.right, LEDGER_FILE_LIMITS.maxColumns);
    for (let r = m.top; r <= bottom; r++) {
      const cells = rows[r - 1]!.cells;
      for (let c = m.left; c <= right; c++) {
        while (cells.length < c) cells.push('');
        if (cells[c - 1] === '') cells[c - 1] = master;
      }
    }
  }
  return rows;
}
