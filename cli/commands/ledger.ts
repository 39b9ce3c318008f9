import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { toInstant } from '../../shared/domain/time/instant';
import { readSheet } from '../../shared/adapters/ledger-files/read';
import { writeErrorReport, writeLedger, writeTemplate } from '../../shared/adapters/ledger-files/write';
import { exportLedger } from '../../shared/app/export-ledger';
import { importLedger, LedgerFileError } from '../../shared/app/import-ledger';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { checkLedger } from '../../shared/app/check-ledger';
import { writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, withStore } from '../store';
import type { StoreValues } from '../store';
import { mountLedgerReview } from './ledger-review';
import { progressOn } from '../progress';
import { importThroughUpload } from '../stack/upload-import';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';

interface ImportOptions extends StoreValues {
  report?: string;
  by?: string;
  quiet?: boolean;
}

/**
 * `tanfang ledger`: the ledger (台账) as offices keep it, in and out. Import validates every row,
 * saves the good ones idempotently (the ID number is the natural key) and writes the bad ones,
 * with row, column and reason, to a CSV an office worker can open in Excel.
 */
export const mountLedger: Mount = (program, io, setCode) => {
  const ledger = program.command('ledger').description('the ledger (台账) as XLSX or CSV: import, export, template, check, review, overdue');
  withExamples(ledger, ['tanfang ledger import 台账.xlsx --data .tanfang/db --region sichuan', 'tanfang ledger export --stack Tanfang-sichuan --out 台账.xlsx --purpose 半年动态更新', 'tanfang ledger import --help']);

  const importCmd: Command = storeOptions(
    ledger
      .command('import')
      .description('validate a ledger file, save its good rows once and write the bad ones to an error report; with --stack the file goes to the upload bucket by a presigned PUT, the stack imports it once and this waits for its report'),
  )
    .argument('<file>', 'the ledger, .xlsx or .csv (UTF-8 or GBK)')
    .option('--report <errors.csv>', 'where the bad rows go (default: beside the file, <file>.errors.csv)')
    .option('--by <personId>', 'who imports, recorded on the upload (default local-cli)')
    .option('--quiet', 'no progress on stderr');
  withExamples(importCmd, [
    'tanfang ledger import 台账.xlsx --data .tanfang/db --region sichuan',
    'tanfang ledger import 台账.xlsx --stack Tanfang-sichuan --profile sichuan-admin --by adm-510108   # via the upload bucket (presigned PUT)',
  ]).action(exitWith(setCode, () => importFile(importCmd.processedArgs[0] as string, importCmd.opts<ImportOptions>(), io)));

  const exportCmd: Command = storeOptions(ledger.command('export').description('write the ledger to a file; the purpose is recorded for every elder'))
    .requiredOption('--out <file>', 'a .xlsx or .csv file')
    .requiredOption('--purpose <why>', 'why the ledger is exported, e.g. 半年动态更新; it is recorded for every elder')
    .option('--by <personId>', 'who exports, for the audit log (default local-cli)')
    .option('--quiet', 'no progress on stderr');
  withExamples(exportCmd, ['tanfang ledger export --stack Tanfang-sichuan --out 台账.xlsx --purpose 半年动态更新']).action(
    exitWith(setCode, () => exportFile(exportCmd.opts<StoreValues & { out: string; purpose: string; by?: string; quiet?: boolean }>(), io)),
  );

  const templateCmd: Command = ledger.command('template').description('an empty ledger with its columns and their rules').requiredOption('--out <file.xlsx>', 'where to write it');
  withExamples(templateCmd, ['tanfang ledger template --out 台账模板.xlsx']).action(
    exitWith(setCode, async () => {
      const { out } = templateCmd.opts<{ out: string }>();
      await writeTemplate(out);
      writeLine(io.stderr, `template written to ${out}`);
      return 0;
    }),
  );

  const checkCmd: Command = storeOptions(ledger.command('check').description('find and repair projections out of step with the ledger (exit 1 if any is left)')).option('--dry-run', 'report only, repair nothing');
  withExamples(checkCmd, ['tanfang ledger check --stack Tanfang-sichuan --dry-run', 'tanfang ledger check --data .tanfang/db --region sichuan']).action(
    exitWith(setCode, async () => {
      const values = checkCmd.opts<StoreValues & { dryRun?: boolean }>();
      const runtime = regionOf(values, 'e.g. sichuan');
      return withStore(values, async (repos, clock) => {
        const report = await checkLedger({ ...repos, clock, runtime }, { dryRun: values.dryRun === true });
        writeLine(io.stdout, report);
        const outOfStep = report.missingProjection + report.staleProjection + report.unsettled;
        return outOfStep > report.repaired ? 1 : 0;
      });
    }),
  );

  mountLedgerReview(ledger, io, setCode);
};

async function exportFile(values: StoreValues & { out: string; purpose: string; by?: string; quiet?: boolean }, io: CliIo): Promise<number> {
  const { config } = regionOf(values, 'e.g. sichuan');
  const progress = progressOn(io.stderr, values.quiet);
  progress.step(`exporting the ledger of ${config.displayName} to ${values.out}…`);
  return withStore(values, async (repos, clock) => {
    const audit = { log: repos.audit, personId: values.by ?? 'local-cli', purpose: values.purpose, at: toInstant(clock.now()), requestId: `export-${randomUUID()}` };
    const rows = await exportLedger({ elders: repos.elders, config, audit });
    await writeLedger(values.out, rows);
    writeLine(io.stderr, `${rows.length} elders written to ${values.out}`);
    return 0;
  });
}

async function importFile(file: string, values: ImportOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(values, 'e.g. sichuan');
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
