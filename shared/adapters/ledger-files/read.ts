import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { LEDGER_FILE_LIMITS, LedgerFileError } from '../../domain/ledger/file-limits';
import { readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';

export { decodeCsv, readCsv } from './read-csv';

/** One row of a sheet as the office sees it: its row number in the file, its cells as text, and cells that could not be read. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
  /** A cell refused as read (too long, an ID number Excel rounded), by column index. */
  issues?: { column: number; rule: string }[];
}

export interface Sheet {
  rows: SheetRow[];
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Reads a ledger file, hostile until read: the size is checked before a byte is parsed, the
 * kind is told by its first bytes (not its name), and every failure — random bytes, a
 * truncated zip, an old `.xls`, an unbalanced CSV quote, a sheet past a limit — is a
 * LedgerFileError with the reason, never a stack trace. XLSX (the first worksheet) is streamed
 * row by row; CSV may be UTF-8 (with or without BOM) or GBK, as Excel in China saves it.
 */
export async function readSheet(path: string): Promise<Sheet> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new LedgerFileError('is not a file');
    size = info.size;
  } catch (error) {
    if (error instanceof LedgerFileError) throw error;
    throw new LedgerFileError(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size === 0) throw new LedgerFileError('is empty');
  if (size > LEDGER_FILE_LIMITS.maxBytes) throw new LedgerFileError(`is ${mib(size)} MiB, more than the ${mib(LEDGER_FILE_LIMITS.maxBytes)} MiB a ledger file may be: split it by county or township`);
  const head = await firstBytes(path, 8);
  if (head.subarray(0, 8).equals(OLE2)) throw new LedgerFileError('is an old Excel 97–2003 workbook (.xls): open it in Excel and save it as .xlsx (Excel 工作簿) or CSV');
  if (head.subarray(0, 4).equals(ZIP)) return readXlsx(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') throw new LedgerFileError('is not an XLSX workbook (it does not start like a zip file): save the sheet from Excel as .xlsx or CSV');
  return readCsv(await readFile(path));
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
