import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { neutraliseCell } from '../../domain/ledger/cell-formats';
import { LEDGER_COLUMNS } from '../../domain/ledger/columns';

/** Excel opens a UTF-8 CSV with Chinese text correctly only when it starts with a BOM. */
const BOM = '\uFEFF';

/** Every cell as text a spreadsheet will not run as a formula (see neutraliseCell). */
const safe = (rows: readonly (readonly string[])[]) => rows.map((r) => r.map(neutraliseCell));

/**
 * Writes rows under the ledger's Chinese headers as .xlsx (ID numbers as text) or .csv (UTF-8
 * with BOM), every cell neutralised against formula injection in both (an XLSX saved again as
 * CSV keeps the mark).
 */
export async function writeLedger(path: string, rows: readonly string[][]): Promise<void> {
  const headers = LEDGER_COLUMNS.map((c) => c.header);
  if (extname(path).toLowerCase() === '.csv') {
    await writeFile(path, BOM + stringify(safe([headers, ...rows])), 'utf8');
    return;
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.columns = headers.map((header) => ({ header, width: Math.max(10, header.length * 2 + 2), style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  for (const row of safe(rows)) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
}

/** The import template: the headers, one example row, and a sheet explaining each column. */
export async function writeTemplate(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, width: Math.max(10, c.header.length * 2 + 2), style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(LEDGER_COLUMNS.map((c) => c.example));
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', width: 22 },
    { header: '也可写作', width: 30 },
    { header: '说明', width: 70 },
  ];
  for (const c of LEDGER_COLUMNS) notes.addRow([c.header, c.aliases.join('、'), 'note' in c ? c.note : '']);
  await workbook.xlsx.writeFile(path);
}

/** The bad rows of an import, for an office worker: 行号, 列, 问题 (the rule), 说明 (the rule in Chinese), 代码 (UTF-8 CSV with BOM, opens in Excel). */
export async function writeErrorReport(path: string, bad: readonly { row: number; column: string; rule: string; code: string; message: string }[]): Promise<void> {
  await writeFile(path, BOM + stringify(safe([['行号', '列', '问题', '说明', '代码'], ...bad.map((b) => [String(b.row), b.column, b.rule, b.message, b.code])])), 'utf8');
}
