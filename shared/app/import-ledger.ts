import { ruleZh } from '../domain/messages/localize';
import { canWriteElder } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { issueColumn } from '../domain/ledger/columns';
import type { LedgerColumnKey } from '../domain/ledger/columns';
import { isInStep, recordFromRegistration } from '../domain/ledger/elder-record';
import { savedReview } from '../domain/ledger/review';
import type { ElderRecord } from '../domain/ledger/elder-record';
import type { ElderRegistration } from '../domain/elder/registration';
import { localDateOf, toInstant } from '../domain/time/instant';
import { ValidationError } from '../domain/validation';
import type { Person } from '../domain/people/person';
import { forEachLimit } from './concurrency';
import { ConflictError } from './errors';
import { addBad, parseLedgerRows } from './ledger-rows';
import type { BadCell, ParsedSheet, SheetRowInput } from './ledger-rows';
import { formProblems, numberTaken, registerElder, sameForm } from './register-elder';
import type { RegisterElderDeps } from './register-elder';
import { healElder } from './settle-elder';
import { ForbiddenError } from './supervise';

export { elderIdFor, LedgerFileError } from './ledger-rows';
export type { BadCell, SheetRowInput } from './ledger-rows';

export interface ImportLedgerDeps extends RegisterElderDeps {
  people: RegisterElderDeps['people'] & { getMany(ids: readonly string[]): Promise<Map<string, Person>> };
  /**
   * Key of the keyed hash that turns an ID number into a stable elder id when the sheet has no
   * 档案编号: the same person always gets the same id, and the id does not reveal the number.
   */
  idKey: string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export interface ImportReport {
  headerRow: number;
  dataRows: number;
  blankRows: number;
  created: number;
  updated: number;
  /** Rows identical to what is stored: a re-import writes nothing. */
  unchanged: number;
  /** Unchanged rows whose earlier save had been interrupted (projection missing or behind): finished now. */
  repaired: number;
  badRows: number;
  bad: BadCell[];
  /** Headers the import does not know (their cells are ignored). */
  unknownHeaders: string[];
}

/** Rows per batch read of the ledger (and per progress line). */
const IMPORT_CHUNK = 500;

/**
 * Imports a ledger sheet (台账) idempotently: the ID number is the natural key.
 *
 * 1. Checks every row on its own (parseLedgerRows); a bad row is skipped whole, never half-written.
 * 2. Saves the good rows 500 at a time. Each row must pass what a single registration does —
 *    the writer keeps the ledger of the elder's village (and of the one they move from), the
 *    area is the deployment's, the visitor is an active visitor of that village, the number
 *    is no other elder's — or it becomes a bad row naming the column and the rule.
 * 3. New elders are bulk-loaded (numbers claimed first); changed ones go through
 *    registerElder (version-checked; fields the sheet has no column for are kept); identical
 *    ones are left alone — unless their earlier save was interrupted, which is finished now.
 *    Importing twice changes nothing; importing again after a crash heals it.
 */
export async function importLedger(deps: ImportLedgerDeps, rows: readonly SheetRowInput[], options: { actor?: Principal | undefined } = {}): Promise<ImportReport> {
  const at = toInstant(deps.clock.now());
  const sheet = parseLedgerRows(rows, deps.idKey, localDateOf(at));
  const report: ImportReport = {
    headerRow: sheet.headerRow,
    dataRows: sheet.dataRows,
    blankRows: sheet.blankRows,
    created: 0,
    updated: 0,
    unchanged: 0,
    repaired: 0,
    badRows: sheet.badRows,
    bad: sheet.bad,
    unknownHeaders: sheet.unknownHeaders,
  };
  let done = 0;
  for (let i = 0; i < sheet.good.length; i += IMPORT_CHUNK) {
    const chunk = sheet.good.slice(i, i + IMPORT_CHUNK);
    await importChunk(deps, sheet, chunk, report, options.actor, at);
    done += chunk.length;
    await deps.onProgress?.(done, sheet.good.length);
  }
  report.bad.sort((a, b) => a.row - b.row);
  return report;
}

async function importChunk(deps: ImportLedgerDeps, sheet: ParsedSheet, chunk: ParsedSheet['good'], report: ImportReport, actor: Principal | undefined, at: string): Promise<void> {
  const known = await deps.elders.getMany(chunk.map((g) => g.registration.id));
  const roster = await deps.people.getMany([...new Set(chunk.flatMap((g) => (g.registration.visitorId ? [g.registration.visitorId] : [])))]);
  const checkDeps = { runtime: deps.runtime, people: { get: async (id: string) => roster.get(id) } };
  const fresh: { row: number; record: ElderRecord }[] = [];
  const changed: { row: number; registration: ElderRegistration; previous: ElderRecord }[] = [];
  for (const g of chunk) {
    const previous = known.get(g.registration.id);
    const problems = (await formProblems(checkDeps, g.registration, localDateOf(at), previous?.registration)).map((p) => ({ column: issueColumn(p.field), rule: p.rule, code: p.code, message: p.message }));
    const decision = actor ? canWriteElder(actor, previous?.villageCode, g.registration.residence.areaCode) : { allowed: true as const };
    if (!decision.allowed)
      problems.push({ column: '居住地村(社区)代码', rule: `outside your area: ${actor!.personId} ${decision.reason}`, code: 'outside_your_area', message: `不在您的辖区：${ruleZh(decision.reason)?.message ?? decision.reason}` });
    if (problems.length > 0) {
      addBad(report, g.row, problems);
      continue;
    }
    if (!previous) fresh.push({ row: g.row, record: { ...recordFromRegistration(g.registration, at), lastReview: savedReview(at, actor, true) } });
    else changed.push({ row: g.row, registration: mergeKept(g.registration, previous, sheet.present), previous });
  }

  const taken = fresh.length > 0 ? await deps.elders.importNew(fresh.map((f) => f.record)) : new Map<string, string>();
  for (const f of fresh) {
    const holder = taken.get(f.record.elderId);
    if (holder === undefined) report.created++;
    else
      addBad(
        report,
        f.row,
        (await numberTaken(deps, holder, actor)).issues.map((i) => ({ column: '公民身份号码', rule: i.rule })),
      );
  }

  await forEachLimit(changed, deps.concurrency ?? 16, async ({ row, registration, previous }) => {
    if (sameForm(previous.registration, registration)) {
      report.unchanged++;
      if (!isInStep(previous) && (await healElder(deps, previous.elderId)) === 'repaired') report.repaired++;
      return;
    }
    try {
      const result = await registerElder(deps, registration, { mode: 'upsert', actor });
      if (result.created) report.created++;
      else report.updated++;
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ConflictError) {
        const issues = error.issues.length > 0 ? error.issues : [{ field: 'id', rule: error.message }];
        addBad(
          report,
          row,
          issues.map((i) => ({ column: issueColumn(i.field), rule: i.rule, code: i.code, message: i.message })),
        );
      } else if (error instanceof ForbiddenError)
        addBad(report, row, [{ column: '居住地村(社区)代码', rule: error.message, code: 'outside_your_area', message: `不在您的辖区：${ruleZh(error.message.replace(/^\S+ /, ''))?.message ?? error.message}` }]);
      else throw error;
    }
  });
}

/**
 * The form a row means for an elder already stored: fields the sheet has no column for (an
 * older sheet without household members, support or income details) keep their stored values.
 */
function mergeKept(row: ElderRegistration, previous: ElderRecord, present: ReadonlySet<LedgerColumnKey>): ElderRegistration {
  const stored = previous.registration;
  const absent = (...keys: LedgerColumnKey[]) => !keys.some((k) => present.has(k));
  const kept = <K extends keyof ElderRegistration['economic']>(key: K, column: LedgerColumnKey) => (absent(column) && stored.economic[key] !== undefined ? { [key]: stored.economic[key] } : {});
  return {
    ...row,
    ...(absent('birthDate') && stored.birthDate ? { birthDate: stored.birthDate } : {}),
    ...(absent('householdMembers') ? { householdMembers: stored.householdMembers } : {}),
    ...(absent('circumstances') && stored.circumstances ? { circumstances: stored.circumstances } : {}),
    ...(absent('supportType', 'supportPerson', 'supportMeasures') && stored.existingSupport ? { existingSupport: stored.existingSupport } : {}),
    residence: { ...row.residence, ...(absent('location') && stored.residence.location ? { location: stored.residence.location } : {}) },
    status: { ...row.status, ...(absent('statusNote') && stored.status.note && stored.status.state === row.status.state ? { note: stored.status.note } : {}) },
    economic: { ...row.economic, ...kept('monthlyIncomeYuan', 'monthlyIncome'), ...kept('incomeSources', 'incomeSources'), ...kept('pensionMonthlyYuan', 'pension'), ...kept('subsidies', 'subsidies') },
  };
}
