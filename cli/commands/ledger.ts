import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { toInstant } from '../../shared/domain/time/instant';
import { readSheet } from '../../shared/adapters/ledger-files/read';
import { writeErrorReport, writeLedger, writeTemplate } from '../../shared/adapters/ledger-files/write';
import { exportLedger } from '../../shared/app/export-ledger';
import { importLedger, LedgerFileError } from '../../shared/app/import-ledger';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { checkLedger } from '../../shared/app/check-ledger';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, STORE_OPTIONS, withStore } from '../store';
import { ledgerReviewCommand, REVIEW_USAGE } from './ledger-review';
import { progressOn } from '../progress';
import { importThroughUpload } from '../stack/upload-import';

export const USAGE = `tanfang ledger import <file.xlsx|file.csv> (--data <dir> --region <name> | --stack Tanfang-<name>) [--report <errors.csv>] [--by <personId>] [--at <time>] [--quiet]
                  (on a stack the file goes to the upload bucket with a presigned PUT; the stack imports it once and the CLI waits for its report)
tanfang ledger export (--data <dir> --region <name> | --stack Tanfang-<name>) --out <file.xlsx|file.csv> --purpose <why> [--by <personId>] [--quiet]
tanfang ledger template --out <file.xlsx>
tanfang ledger check (--data <dir> --region <name> | --stack Tanfang-<name>) [--dry-run]
${REVIEW_USAGE}`;

/**
 * `tanfang ledger`: the ledger (台账) as offices keep it, in and out. Import validates every row,
 * saves the good ones idempotently (the ID number is the natural key) and writes the bad ones,
 * with row, column and reason, to a CSV an office worker can open in Excel.
 */
export async function ledgerCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'review' || sub === 'overdue') return ledgerReviewCommand(sub, rest, io);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...STORE_OPTIONS, region: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' }, by: { type: 'string' }, purpose: { type: 'string' }, 'dry-run': { type: 'boolean' }, quiet: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (sub === 'template') {
    const out = requireOption(values, 'out', 'e.g. 台账模板.xlsx');
    await writeTemplate(out);
    writeLine(io.stderr, `template written to ${out}`);
    return 0;
  }
  if (sub === 'export') {
    const { config } = regionOf(values, 'e.g. sichuan');
    const out = requireOption(values, 'out', 'a .xlsx or .csv file');
    const purpose = requireOption(values, 'purpose', 'why the ledger is exported, e.g. 半年动态更新; it is recorded for every elder');
    const progress = progressOn(io.stderr, values.quiet);
    progress.step(`exporting the ledger of ${config.displayName} to ${out}…`);
    return withStore(values, async (repos, clock) => {
      const audit = { log: repos.audit, personId: values.by ?? 'local-cli', purpose, at: toInstant(clock.now()), requestId: `export-${randomUUID()}` };
      const rows = await exportLedger({ elders: repos.elders, config, audit });
      await writeLedger(out, rows);
      writeLine(io.stderr, `${rows.length} elders written to ${out}`);
      return 0;
    });
  }
  if (sub === 'check') {
    const runtime = regionOf(values, 'e.g. sichuan');
    return withStore(values, async (repos, clock) => {
      const report = await checkLedger({ ...repos, clock, runtime }, { dryRun: values['dry-run'] === true });
      writeLine(io.stdout, report);
      const outOfStep = report.missingProjection + report.staleProjection + report.unsettled;
      return outOfStep > report.repaired ? 1 : 0;
    });
  }
  if (sub !== 'import' || !positionals[0]) throw new UsageError(USAGE);
  const runtime = regionOf(values, 'e.g. sichuan');
  const file = positionals[0];
  let sheet;
  try {
    sheet = await readSheet(file);
  } catch (error) {
    if (error instanceof LedgerFileError) {
      writeLine(io.stderr, `tanfang ledger import: ${file}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const rows = sheet.rows;
  const progress = progressOn(io.stderr, values.quiet, 'saved');
  progress.step(`${file}: ${rows.length} rows read`);
  return withStore(values, async (repos, clock, stack) => {
    let report;
    try {
      report = stack ? await importThroughUpload(stack, { file, by: values.by ?? 'local-cli', clock, onStep: progress.step }) : await importLedger({ ...repos, clock, runtime, idKey: idKeyFromEnv(), onProgress: progress.count }, rows);
    } catch (error) {
      if (error instanceof LedgerFileError) {
        writeLine(io.stderr, `tanfang ledger import: ${file}: ${error.message}`);
        return 1;
      }
      throw error;
    }
    const reportFile = values.report ?? file.replace(/\.(xlsx|csv|txt)$/i, '') + '.errors.csv';
    if (report.bad.length > 0) await writeErrorReport(reportFile, report.bad);
    const { bad, ...counts } = report;
    writeLine(io.stdout, { ...counts, errorReport: bad.length > 0 ? reportFile : undefined });
    return report.badRows > 0 ? 1 : 0;
  });
}
