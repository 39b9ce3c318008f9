import { localizeIssue } from '../domain/messages/localize';
import { createHmac } from 'node:crypto';
import { LEDGER_COLUMNS, issueColumn, matchHeaders, rowToInput } from '../domain/ledger/columns';
import type { CellIssue, LedgerColumnKey, LedgerRow } from '../domain/ledger/columns';
import { cleanText } from '../domain/input/clean';
import { unneutraliseCell } from '../domain/ledger/cell-formats';
import { elderRegistrationSchema } from '../domain/elder/registration';
import type { ElderRegistration } from '../domain/elder/registration';
import { LedgerFileError } from '../domain/ledger/file-limits';
import { safeParseClean } from '../domain/validation';

/** One row of a sheet: its number in the file, its cells, and what the reader could not read. */
export interface SheetRowInput {
  rowNumber: number;
  cells: string[];
  /** Cells the reader refused (too long, a rounded number…), by column index. */
  issues?: { column: number; rule: string }[] | undefined;
}

export interface BadCell {
  /** The row number in the file, as the office worker sees it. */
  row: number;
  column: string;
  rule: string;
  /** The rule's machine-readable code. */
  code: string;
  /** 说明: the rule in Chinese, for the office worker. */
  message: string;
}

export { LedgerFileError } from '../domain/ledger/file-limits';

/** A stable elder id from an ID number: `E` and 20 hex digits of an HMAC-SHA256. */
export function elderIdFor(residentId: string, key: string): string {
  return `E${createHmac('sha256', key).update(residentId.toUpperCase()).digest('hex').slice(0, 20)}`;
}

const HEADER_SEARCH_ROWS = 10;

export interface ParsedSheet {
  headerRow: number;
  /** The form fields this sheet carries a column for (absent ones keep what is stored). */
  present: ReadonlySet<LedgerColumnKey>;
  unknownHeaders: string[];
  dataRows: number;
  blankRows: number;
  good: { row: number; registration: ElderRegistration }[];
  bad: BadCell[];
  badRows: number;
}

/**
 * The first pass over a sheet, before anything is read from the store: finds the header row,
 * checks every row on its own (cell hygiene, cell words, the registration form's rules) and
 * refuses any key met twice — an ID number, or the elder id whichever way it was made (a
 * 档案编号 typed on one row, derived from the number on another) — so a batch never names
 * one key twice.
 */
export function parseLedgerRows(rows: readonly SheetRowInput[], idKey: string, today: string): ParsedSheet {
  const headerIndex = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => matchHeaders(r.cells).missing.length === 0);
  if (headerIndex < 0) {
    const best = rows
      .slice(0, HEADER_SEARCH_ROWS)
      .map((r) => matchHeaders(r.cells))
      .sort((a, b) => a.missing.length - b.missing.length)[0];
    throw new LedgerFileError(`no header row in the first ${HEADER_SEARCH_ROWS} rows names the required columns; missing: ${(best?.missing ?? LEDGER_COLUMNS.map((c) => c.header)).join('、')}`);
  }
  const header = rows[headerIndex]!;
  const { columns, unknown } = matchHeaders(header.cells);
  const sheet: ParsedSheet = { headerRow: header.rowNumber, present: new Set(columns.values()), unknownHeaders: unknown, dataRows: 0, blankRows: 0, good: [], bad: [], badRows: 0 };
  const seenNumbers = new Map<string, number>();
  const seenIds = new Map<string, number>();
  let dataStart = headerIndex + 1;
  // A header merged down over two rows reads again on the second (merged cells repeat their
  // master's text): that row continues the header, it is not an elder.
  while (dataStart < rows.length && isHeaderContinuation(rows[dataStart]!.cells, header.cells)) dataStart++;
  for (const r of rows.slice(dataStart)) {
    if (r.cells.every((c) => c.trim() === '') && !r.issues?.length) {
      sheet.blankRows++;
      continue;
    }
    sheet.dataRows++;
    const problems: CellIssue[] = [];
    const row: LedgerRow = {};
    columns.forEach((key, i) => {
      const cleaned = cleanText(unneutraliseCell(r.cells[i] ?? ''));
      if (cleaned.ok) row[key] = cleaned.value;
      else problems.push({ column: header.cells[i] ?? key, rule: cleaned.rule });
    });
    for (const issue of r.issues ?? []) problems.push({ column: columnName(columns, header.cells, issue.column), rule: issue.rule });
    const residentId = (row.residentId ?? '').trim().toUpperCase();
    const elderId = row.id?.trim() || elderIdFor(residentId, idKey);
    const { input, issues } = rowToInput(row, elderId, today);
    problems.push(...issues);
    const parsed = safeParseClean(elderRegistrationSchema, input);
    if (!parsed.success) for (const i of parsed.issues) problems.push({ column: issueColumn(i.field), rule: i.rule, code: i.code, message: i.message });
    const earlier = residentId ? seenNumbers.get(residentId) : undefined;
    const sameId = seenIds.get(elderId);
    if (earlier !== undefined) problems.push({ column: '公民身份号码', rule: `the same ID number is already on row ${earlier}: one person, one row` });
    else if (sameId !== undefined) problems.push({ column: row.id?.trim() ? '档案编号' : '公民身份号码', rule: `names the same elder (${elderId}) as row ${sameId}: one elder, one row` });
    if (residentId && earlier === undefined) seenNumbers.set(residentId, r.rowNumber);
    if (sameId === undefined) seenIds.set(elderId, r.rowNumber);
    if (problems.length > 0 || !parsed.success) {
      addBad(sheet, r.rowNumber, problems);
      continue;
    }
    sheet.good.push({ row: r.rowNumber, registration: parsed.data });
  }
  return sheet;
}

/** Records a bad row once, with each distinct problem. */
export function addBad(sheet: Pick<ParsedSheet, 'bad' | 'badRows'>, row: number, problems: readonly CellIssue[]): void {
  sheet.badRows++;
  const seen = new Set<string>();
  for (const p of problems) {
    const k = `${p.column}|${p.rule}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const zh = localizeIssue({ field: p.column, rule: p.rule, code: p.code, message: p.message });
    sheet.bad.push({ row, column: p.column, rule: p.rule, code: zh.code!, message: zh.message! });
  }
}

function columnName(columns: ReadonlyMap<number, LedgerColumnKey>, header: readonly string[], index: number): string {
  return header[index]?.trim() || (columns.has(index) ? columns.get(index)! : `column ${index + 1}`);
}

function isHeaderContinuation(cells: readonly string[], header: readonly string[]): boolean {
  const filled = cells.map((c, i) => [c.trim(), (header[i] ?? '').trim()] as const).filter(([c]) => c !== '');
  return filled.length > 0 && filled.every(([c, h]) => c === h);
}
