import { CsvError, parse } from 'csv-parse/sync';
import { LEDGER_FILE_LIMITS, LedgerFileError } from '../../domain/ledger/file-limits';
import type { Sheet, SheetRow } from './read';

/**
 * Node's own GBK decoder (WHATWG "gbk", ICU's GB18030 tables; Lambda's Node ships full ICU), so
 * no function bundles iconv-lite. It agrees with iconv-lite on every two-byte GBK code except
 * a few private-use positions GB18030-2022 remapped (83 with Node 20's ICU 78.2, 18 with Node
 * 24's ICU 78.3), none among the GB2312 hanzi of names and addresses: a test checks every code.
 */
const gbk = new TextDecoder('gbk');

export function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return gbk.decode(bytes);
  }
}

type Limits = { readonly [K in keyof typeof LEDGER_FILE_LIMITS]: number };

/** A CSV ledger (UTF-8 or GBK) within the file limits, or a LedgerFileError saying why not. */
export function readCsv(bytes: Buffer, limits: Limits = LEDGER_FILE_LIMITS): Sheet {
  if (bytes.length > limits.maxBytes) throw new LedgerFileError(`is larger than the ${LEDGER_FILE_LIMITS.maxBytes / 1024 / 1024} MiB a ledger file may be`);
  // Text never holds NUL; a binary file named .csv does.
  if (bytes.subarray(0, 64 * 1024).includes(0)) throw new LedgerFileError('is not a text file (it holds NUL bytes): save the sheet as CSV (逗号分隔) or XLSX');
  let records: string[][];
  try {
    records = parse(decodeCsv(bytes), {
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      // One record may not grow without bound (an unclosed quote swallows the rest of a file).
      max_record_size: limits.maxColumns * limits.maxCellChars,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw new LedgerFileError(csvReason(error, limits));
    throw error;
  }
  if (records.length > limits.maxRows) throw new LedgerFileError(`has more than ${limits.maxRows} rows: split it by county or township`);
  return { rows: records.map((cells, i) => checkedRow(i + 1, cells, limits)) };
}

/** A row's cells trimmed; a cell over the limit is emptied and reported, too many columns refuse the file. */
export function checkedRow(rowNumber: number, raw: readonly string[], limits: Limits = LEDGER_FILE_LIMITS): SheetRow {
  let last = raw.length - 1;
  while (last >= 0 && raw[last]!.trim() === '') last--;
  if (last + 1 > limits.maxColumns) throw new LedgerFileError(`row ${rowNumber} has a value in column ${last + 1}, beyond the ${limits.maxColumns} columns a ledger may have`);
  const issues: { column: number; rule: string }[] = [];
  const cells = raw.slice(0, last + 1).map((c, column) => {
    if (c.length <= limits.maxCellChars) return c.trim();
    issues.push({ column, rule: `is ${c.length} characters, more than the ${limits.maxCellChars} a cell may hold` });
    return '';
  });
  return { rowNumber, cells, ...(issues.length ? { issues } : {}) };
}

function csvReason(error: CsvError, limits: Limits): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line !== undefined ? `line ${line}: ` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${where}a cell opens a quote (") that never closes: check the quotes on that line`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${where}a quoted cell has text after its closing quote: write a quote inside a quoted cell as ""`;
    case 'CSV_MAX_RECORD_SIZE':
      return `${where}a row is longer than ${limits.maxColumns * limits.maxCellChars} characters (often an unclosed quote): check the quotes`;
    default:
      return `${where}not a readable CSV file (${error.code})`;
  }
}
