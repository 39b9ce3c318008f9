import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** One row of a sheet as the office sees it: its row number in the file and its cells as text. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

/** A cell that cannot be read as the text it was meant to hold (an ID number stored as a number). */
export interface CellWarning {
  rowNumber: number;
  column: number;
  rule: string;
}

export interface Sheet {
  rows: SheetRow[];
  warnings: CellWarning[];
}

/**
 * Reads a ledger file: XLSX (the first worksheet) or CSV in UTF-8 (with or without BOM) or GBK,
 * which Excel in China writes by default. Encoding is decided by whether the bytes are valid
 * UTF-8. Merged cells read as their master cell's text, so a header merged over two rows or a
 * title merged across the sheet still reads.
 */
export async function readSheet(path: string): Promise<Sheet> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return readXlsx(path);
  if (ext === '.csv' || ext === '.txt') return readCsv(await readFile(path));
  throw new Error(`${path}: not a .xlsx or .csv file (save older .xls files as .xlsx first)`);
}

export function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gbk');
  }
}

export function readCsv(bytes: Buffer): Sheet {
  const records = parse(decodeCsv(bytes), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  return { rows: records.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c.trim()) })), warnings: [] };
}

async function readXlsx(path: string): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error(`${path}: the workbook has no worksheet`);
  const rows: SheetRow[] = [];
  const warnings: CellWarning[] = [];
  // exceljs computes columnCount by walking every row: read it once, not once per cell.
  const columnCount = sheet.columnCount;
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= columnCount; col++) {
      const cell = row.getCell(col);
      const value = cell.isMerged ? cell.master.value : cell.value;
      const text = cellText(value);
      if (typeof value === 'number' && Math.abs(value) >= 1e15) {
        warnings.push({ rowNumber, column: col - 1, rule: `holds the number ${text}, which Excel has rounded: format the column as text (文本) and type the digits again` });
      }
      cells.push(text);
    }
    rows.push({ rowNumber, cells });
  });
  return { rows, warnings };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
  }
  return String(value).trim();
}
