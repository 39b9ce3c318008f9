import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { LEDGER_COLUMNS, issueColumn, matchHeaders, rowToInput } from '../domain/ledger/columns';
import type { CellIssue, LedgerRow } from '../domain/ledger/columns';
import { elderRegistrationSchema } from '../domain/elder/registration';
import { recordFromRegistration } from '../domain/ledger/elder-record';
import type { ElderRegistration } from '../domain/elder/registration';
import { localDateOf, toInstant } from '../domain/time/instant';
import { formatIssues } from '../domain/validation';
import type { Clock, ElderRepository, TaskRepository } from '../ports';
import { forEachLimit } from './concurrency';
import { registerElder } from './register-elder';

export interface SheetRowInput {
  rowNumber: number;
  cells: string[];
}

export interface ImportLedgerDeps {
  elders: ElderRepository;
  tasks: TaskRepository;
  clock: Clock;
  /**
   * Key of the keyed hash that turns an ID number into a stable elder id when the sheet has no
   * 档案编号: the same person always gets the same id, and the id does not reveal the number.
   */
  idKey: string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface BadCell {
  /** The row number in the file, as the office worker sees it. */
  row: number;
  column: string;
  rule: string;
}

export interface ImportReport {
  headerRow: number;
  dataRows: number;
  blankRows: number;
  created: number;
  updated: number;
  /** Rows identical to what is stored: a re-import writes nothing. */
  unchanged: number;
  badRows: number;
  bad: BadCell[];
  /** Headers the import does not know (their cells are ignored). */
  unknownHeaders: string[];
}

/** Thrown when the sheet cannot be imported at all (no header row, required columns missing). */
export class LedgerFileError extends Error {
  override readonly name = 'LedgerFileError';
}

/** A stable elder id from an ID number: `E` and 20 hex digits of an HMAC-SHA256. */
export function elderIdFor(residentId: string, key: string): string {
  return `E${createHmac('sha256', key).update(residentId.toUpperCase()).digest('hex').slice(0, 20)}`;
}

const HEADER_SEARCH_ROWS = 10;
/** Rows per batch read of the ledger (and per progress line). */
const IMPORT_CHUNK = 500;

/**
 * Imports a ledger sheet (台账) idempotently: the ID number is the natural key.
 *
 * 1. Finds the header row (the first of the top rows that names the required columns; a title
 *    row above it, merged or not, is skipped) and maps Chinese headers to form fields.
 * 2. Checks every row on its own — cell words, the registration form's rules (ID checksum,
 *    phone, area codes…) and ID numbers repeated in the file — collecting every problem with
 *    its row and column; a bad row is skipped whole, never half-written.
 * 3. Saves the good rows 500 at a time: one batch read finds which elders are new; new ones are
 *    written in batches (the read just before shows the ids are free; an administrator's bulk
 *    job, not to be run while the same elders are being created by hand), changed ones go
 *    through the same use case as the API (registerElder, version-checked; fields the sheet does
 *    not carry, such as household members, are kept), identical ones are left alone, so
 *    importing twice changes nothing.
 */
export async function importLedger(deps: ImportLedgerDeps, rows: readonly SheetRowInput[]): Promise<ImportReport> {
  const headerIndex = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => matchHeaders(r.cells).missing.length === 0);
  if (headerIndex < 0) {
    const best = rows.slice(0, HEADER_SEARCH_ROWS).map((r) => matchHeaders(r.cells)).sort((a, b) => a.missing.length - b.missing.length)[0];
    throw new LedgerFileError(`no header row in the first ${HEADER_SEARCH_ROWS} rows names the required columns; missing: ${(best?.missing ?? LEDGER_COLUMNS.map((c) => c.header)).join('、')}`);
  }
  const header = rows[headerIndex]!;
  const { columns, unknown } = matchHeaders(header.cells);
  const today = localDateOf(toInstant(deps.clock.now()));
  const report: ImportReport = { headerRow: header.rowNumber, dataRows: 0, blankRows: 0, created: 0, updated: 0, unchanged: 0, badRows: 0, bad: [], unknownHeaders: unknown };

  const good: { row: number; registration: ElderRegistration }[] = [];
  const seen = new Map<string, number>();
  const seenIds = new Map<string, number>();
  let dataStart = headerIndex + 1;
  // A header merged down over two rows reads again on the second (merged cells repeat their
  // master's text): that row continues the header, it is not an elder.
  while (dataStart < rows.length && isHeaderContinuation(rows[dataStart]!.cells, header.cells)) dataStart++;
  for (const r of rows.slice(dataStart)) {
    if (r.cells.every((c) => c.trim() === '')) {
      report.blankRows++;
      continue;
    }
    report.dataRows++;
    const row: LedgerRow = {};
    columns.forEach((key, i) => (row[key] = r.cells[i] ?? ''));
    const residentId = (row.residentId ?? '').trim().toUpperCase();
    const elderId = row.id?.trim() || elderIdFor(residentId, deps.idKey);
    const { input, issues } = rowToInput(row, elderId, today);
    const parsed = elderRegistrationSchema.safeParse(input);
    const problems: CellIssue[] = [...issues];
    if (!parsed.success) for (const i of formatIssues(parsed.error)) problems.push({ column: issueColumn(i.field), rule: i.rule });
    const sameId = seenIds.get(elderId);
    if (sameId !== undefined && row.id?.trim()) problems.push({ column: '档案编号', rule: `the same 档案编号 is already on row ${sameId}` });
    else seenIds.set(elderId, r.rowNumber);
    const earlier = seen.get(residentId);
    if (residentId && earlier !== undefined) problems.push({ column: '公民身份号码', rule: `the same ID number is already on row ${earlier}: one person, one row` });
    else if (residentId) seen.set(residentId, r.rowNumber);
    if (problems.length > 0 || !parsed.success) {
      report.badRows++;
      for (const p of dedupe(problems)) report.bad.push({ row: r.rowNumber, ...p });
      continue;
    }
    good.push({ row: r.rowNumber, registration: parsed.data });
  }

  // In chunks: one batch read tells new elders from known ones; new ones are written in
  // batches, changed ones through registerElder (version-checked), identical ones not at all.
  let done = 0;
  const at = toInstant(deps.clock.now());
  for (let i = 0; i < good.length; i += IMPORT_CHUNK) {
    const chunk = good.slice(i, i + IMPORT_CHUNK);
    const known = await deps.elders.getMany(chunk.map((g) => g.registration.id));
    // The ID number is the natural key: a number already registered under another id is that
    // person, not a new one. Checked (one index Query) for the rows whose id is new.
    const taken = new Map<number, string>();
    await forEachLimit(
      chunk.filter((g) => !known.has(g.registration.id)),
      deps.concurrency ?? 16,
      async (g) => {
        const other = await deps.elders.findByResidentId(g.registration.residentId);
        if (other && other !== g.registration.id) taken.set(g.row, other);
      },
    );
    for (const [row, other] of taken) {
      report.badRows++;
      report.bad.push({ row, column: '公民身份号码', rule: `this ID number is already registered as ${other}: put ${other} in 档案编号, or leave it empty` });
    }
    const fresh = chunk.filter((g) => !known.has(g.registration.id) && !taken.has(g.row)).map((g) => recordFromRegistration(g.registration, at));
    if (fresh.length > 0) await deps.elders.importNew(fresh);
    report.created += fresh.length;
    await forEachLimit(
      chunk.filter((g) => known.has(g.registration.id)),
      deps.concurrency ?? 16,
      async ({ registration }) => {
        const previous = known.get(registration.id)!;
        const merged: ElderRegistration = {
          ...registration,
          householdMembers: previous.registration.householdMembers,
          ...(previous.registration.existingSupport ? { existingSupport: previous.registration.existingSupport } : {}),
          economic: { ...previous.registration.economic, ...registration.economic },
        };
        if (isDeepStrictEqual(normalise(previous.registration), normalise(merged))) report.unchanged++;
        else if ((await registerElder(deps, merged)).created) report.created++;
        else report.updated++;
      },
    );
    done += chunk.length;
    deps.onProgress?.(done, good.length);
  }
  report.bad.sort((a, b) => a.row - b.row);
  return report;
}

function isHeaderContinuation(cells: readonly string[], header: readonly string[]): boolean {
  const filled = cells.map((c, i) => [c.trim(), (header[i] ?? '').trim()] as const).filter(([c]) => c !== '');
  return filled.length > 0 && filled.every(([c, h]) => c === h);
}

/** Stored and parsed forms compared as plain data (undefined fields dropped). */
const normalise = (r: ElderRegistration) => JSON.parse(JSON.stringify(r)) as unknown;

function dedupe(issues: CellIssue[]): CellIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.column}|${i.rule}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
