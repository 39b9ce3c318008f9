import { Option } from 'commander';
import type { Command } from 'commander';
import { ledgerReport, periodReportFor, visitRateReport } from '../../shared/app/reports';
import { RATE_DIMENSIONS } from '../../shared/domain/reports/visit-rate';
import type { RateDimension } from '../../shared/domain/reports/visit-rate';
import { ledgerSpec, periodSpec, visitRateSpec } from '../../shared/adapters/report-files/specs';
import { ledgerTable, periodTables } from '../../shared/adapters/report-files/tables';
import { rateCsv, renderReport, REPORT_FORMATS, tablesCsv, writeReportFile } from '../../shared/adapters/report-files/write';
import type { ReportFormat } from '../../shared/adapters/report-files/write';
import type { WorkbookSpec } from '../../shared/adapters/report-files/xlsx';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, withStore } from '../store';
import type { StoreValues } from '../store';
import { cliPrincipal } from '../principal';
import { progressOn } from '../progress';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';

type Kind = 'visit-rate' | 'ledger' | 'monthly' | 'quarterly';

interface ReportOptions extends StoreValues {
  area?: string;
  period: string;
  by?: string;
  visitor?: string;
  format: ReportFormat;
  out?: string;
  as?: string;
  quiet?: boolean;
}

const KINDS: { kind: Kind; description: string; example: string }[] = [
  { kind: 'visit-rate', description: 'visit rates of an area or a visitor, by township, village, visitor or tier', example: 'tanfang report visit-rate --data .tanfang/db --region sichuan --area 510108 --period 2026-11 --by township' },
  { kind: 'ledger', description: 'ledger statistics of an area (台账统计)', example: 'tanfang report ledger --stack Tanfang-sichuan --area 510108001 --period 2026-11 --format csv' },
  { kind: 'monthly', description: 'the monthly report handed upward (按月更新)', example: 'tanfang report monthly --stack Tanfang-sichuan --area 510108 --period 2026-11 --format xlsx --out 11月.xlsx' },
  { kind: 'quarterly', description: 'the quarterly report handed upward', example: 'tanfang report quarterly --data .tanfang/db --region sichuan --area 510108 --period 2026-Q4 --format html --out Q4.html' },
];

/** `tanfang report`: visit rates, ledger statistics and the reports handed upward, as JSON, CSV, XLSX or a self-contained HTML page. */
export const mountReport: Mount = (program, io, setCode) => {
  const report = program.command('report').description('visit rates, ledger statistics, reports upward (JSON, CSV, XLSX, HTML)');
  withExamples(
    report,
    KINDS.map((k) => k.example),
  );
  for (const { kind, description, example } of KINDS) {
    const cmd: Command = storeOptions(report.command(kind).description(description));
    if (kind === 'visit-rate') cmd.option('--area <code>', 'a deployment, county, township or village code (or --visitor)').option('--visitor <id>', "one visitor's rate instead of an area's");
    else cmd.requiredOption('--area <code>', 'a deployment, county, township or village code');
    cmd.requiredOption('--period <period>', 'YYYY-MM, YYYY-Www or YYYY-Qn');
    if (kind === 'visit-rate') cmd.option('--by <dimensions>', `rows by ${RATE_DIMENSIONS.join(', ')} (comma separated)`);
    cmd
      .addOption(new Option('--format <format>', 'the output; xlsx and html need --out').choices(REPORT_FORMATS).default('json'))
      .option('--out <file>', 'write to this file instead of stdout')
      .option('--as <personId>', 'read as this person of the roster: their areas bound the report')
      .option('--quiet', 'no progress on stderr');
    withExamples(cmd, [example]).action(exitWith(setCode, () => reportOf(kind, cmd.opts<ReportOptions>(), io)));
  }
};

async function reportOf(kind: Kind, values: ReportOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(values, 'e.g. sichuan');
  const { period, format } = values;
  if ((format === 'xlsx' || format === 'html') && !values.out) throw new UsageError(`--format ${format} writes a file: give --out <file.${format}>`);
  const by = values.by === undefined ? [] : values.by.split(',');
  for (const d of by) if (!(RATE_DIMENSIONS as readonly string[]).includes(d)) throw new UsageError(`--by takes ${RATE_DIMENSIONS.join(', ')}, got "${d}"`);
  if (values.area === undefined && values.visitor === undefined) throw new UsageError('--area is required (a deployment, county, township or village code), or --visitor <id>');

  const progress = progressOn(io.stderr, values.quiet);
  progress.step(`${kind} report for ${values.area ?? values.visitor} ${period}: reading tasks and the ledger…`);
  return withStore(values, async (repos, clock) => {
    const deps = { ...repos, clock, runtime };
    const principal = await cliPrincipal(repos.people, runtime.config, values.as, false);
    let json: unknown;
    let csv: string;
    let spec: WorkbookSpec;
    if (kind === 'visit-rate') {
      const answer = await visitRateReport(deps, { principal, period, area: values.area, visitorId: values.visitor, by: by as RateDimension[] });
      json = answer;
      csv = rateCsv(answer.rows.length > 0 ? answer.rows : [answer.total]);
      spec = visitRateSpec(answer);
    } else if (kind === 'ledger') {
      const stats = await ledgerReport(deps, { principal, area: values.area!, period });
      json = stats;
      csv = tablesCsv([ledgerTable(stats)]);
      spec = ledgerSpec(stats);
    } else {
      const report = await periodReportFor(deps, { principal, area: values.area!, period, kind });
      json = report;
      csv = tablesCsv(periodTables(report));
      spec = periodSpec(report);
    }
    if (format === 'xlsx' || format === 'html') progress.step(`rendering ${format}…`);
    const content = format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : format === 'csv' ? csv : await renderReport(format, spec);
    if (values.out) {
      await writeReportFile(values.out, content);
      writeLine(io.stderr, `${kind} report written to ${values.out}`);
    } else io.stdout.write(content);
    return 0;
  });
}
