import ExcelJS from 'exceljs';
import { Open } from 'unzipper';
import type { CentralDirectory } from 'unzipper';
import { LEDGER_FILE_LIMITS, LedgerFileError } from '../../domain/ledger/file-limits';
import type { Sheet, SheetRow } from './read';
import { checkedRow } from './read-csv';
import { applyMerges, mergeRanges } from './xlsx-merges';

/**
 * Streams the first worksheet of an XLSX, row by row, within the file limits:
 * 1. the zip's central directory is read first — a truncated or damaged zip has none, and an
 *    archive declaring more than the unzipped limit (a zip bomb) is refused before inflating;
 * 2. rows come from exceljs's streaming reader, so a sheet whose dimension claims XFD1048576
 *    costs what it holds, and a value past the row or column limit stops the read with its
 *    cell address;
 * 3. merged cells then read as their master's text (a title over the sheet, a header merged
 *    over two rows, a village name merged down its elders).
 */
export async function readXlsx(path: string): Promise<Sheet> {
  const directory = await centralDirectory(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  // ExcelJS reads `model.sheets` when a worksheet arrives, but sets the model only from
  // xl/workbook.xml: a workbook whose worksheet comes first in the zip (WPS saves some so, and
  // ExcelJS's own writer under load) would read as damaged. An empty model until then is all it needs.
  (reader as unknown as { model?: object }).model ??= {};
  const rows: SheetRow[] = [];
  let found = false;
  try {
    for await (const worksheet of reader) {
      if (found) continue;
      found = true;
      for await (const row of worksheet) {
        const read = sheetRow(row);
        if (read.cells.length > 0 || read.issues) rows.push(read);
      }
    }
  } catch (error) {
    if (error instanceof LedgerFileError) throw error;
    throw new LedgerFileError(`is a damaged XLSX workbook: ${(error as Error).message}`);
  }
  if (!found) throw new LedgerFileError('holds no worksheet');
  const merges = await mergeRanges(directory, firstSheetPath(reader));
  return { rows: applyMerges(rows, merges) };
}

async function centralDirectory(path: string): Promise<CentralDirectory> {
  let directory: CentralDirectory;
  try {
    directory = await Open.file(path);
  } catch (error) {
    throw new LedgerFileError(`is not a complete XLSX workbook (the zip is truncated or damaged: ${(error as Error).message}); save it again from Excel`);
  }
  const unzipped = directory.files.reduce((sum, f) => sum + f.uncompressedSize, 0);
  if (unzipped > LEDGER_FILE_LIMITS.maxUnzippedBytes) {
    throw new LedgerFileError(`unzips to ${Math.round(unzipped / 1024 / 1024)} MiB, more than the ${LEDGER_FILE_LIMITS.maxUnzippedBytes / 1024 / 1024} MiB a ledger workbook may hold`);
  }
  if (!directory.files.some((f) => f.path === 'xl/workbook.xml')) throw new LedgerFileError('is a zip file but not an XLSX workbook (no xl/workbook.xml)');
  return directory;
}

/** The first worksheet's part in workbook order, as the reader found it (sheet1 when unknown). */
function firstSheetPath(reader: ExcelJS.stream.xlsx.WorkbookReader): string {
  const internals = reader as unknown as { model?: { sheets?: { rId: string }[] }; workbookRels?: { Id: string; Target: string }[] };
  const first = internals.model?.sheets?.[0];
  const target = first && internals.workbookRels?.find((r) => r.Id === first.rId)?.Target;
  return target ? `xl/${target.replace(/^\/?xl\//, '')}` : 'xl/worksheets/sheet1.xml';
}

function sheetRow(row: ExcelJS.Row): SheetRow {
  const { maxRows, maxColumns } = LEDGER_FILE_LIMITS;
  const raw: string[] = [];
  const rounded: { column: number; rule: string }[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(cell.value);
    if (text === '') return;
    if (row.number > maxRows) throw new LedgerFileError(`cell ${cell.address} holds a value beyond row ${maxRows}, the most rows a ledger file may have: split it`);
    if (col > maxColumns) throw new LedgerFileError(`cell ${cell.address} holds a value beyond column ${maxColumns}, the most columns a ledger may have: delete the stray cells`);
    raw[col - 1] = text;
    if (typeof cell.value === 'number' && Math.abs(cell.value) >= 1e15) {
      rounded.push({ column: col - 1, rule: `holds the number ${text}, which Excel has rounded: format the column as text (文本) and type the digits again` });
    }
  });
  const checked = checkedRow(
    row.number,
    Array.from(raw, (c) => c ?? ''),
  );
  const issues = [...(checked.issues ?? []), ...rounded];
  return { rowNumber: checked.rowNumber, cells: checked.cells, ...(issues.length ? { issues } : {}) };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
    if ('sharedString' in value) return '';
  }
  return String(value).trim();
}
