import { parseArgs } from 'node:util';
import { ledgerReport, periodReportFor, visitRateReport } from '../../shared/app/reports';
import { RATE_DIMENSIONS } from '../../shared/domain/reports/visit-rate';
import type { RateDimension } from '../../shared/domain/reports/visit-rate';
import { ledgerSpec, periodSpec, visitRateSpec } from '../../shared/adapters/report-files/specs';
import { ledgerTable, periodTables } from '../../shared/adapters/report-files/tables';
import { rateCsv, renderReport, REPORT_FORMATS, tablesCsv, writeReportFile } from '../../shared/adapters/report-files/write';
import type { ReportFormat } from '../../shared/adapters/report-files/write';
import type { WorkbookSpec } from '../../shared/adapters/report-files/xlsx';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, STORE_OPTIONS, withStore } from '../store';
import { cliPrincipal } from '../principal';
import { progressOn } from '../progress';

export const USAGE = `tanfang report visit-rate|ledger|monthly|quarterly (--data <dir> --region <name> | --stack Tanfang-<name>) --area <code> --period <YYYY-MM|YYYY-Www|YYYY-Qn>
               [--by township|village|visitor|tier] [--visitor <id>] [--format json|csv|xlsx|html] [--out <file>] [--as <personId>] [--at <time>] [--quiet]`;

const KINDS = ['visit-rate', 'ledger', 'monthly', 'quarterly'] as const;

/** `tanfang report`: visit rates, ledger statistics and the reports handed upward, as JSON, CSV, XLSX or a self-contained HTML page. */
export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const [kind, ...rest] = argv;
  if (!kind || !(KINDS as readonly string[]).includes(kind)) throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...STORE_OPTIONS,
      region: { type: 'string' },
      area: { type: 'string' },
      period: { type: 'string' },
      by: { type: 'string' },
      visitor: { type: 'string' },
      format: { type: 'string', default: 'json' },
      out: { type: 'string' },
      as: { type: 'string' },
      quiet: { type: 'boolean' },
    },
    strict: true,
  });
  const runtime = regionOf(values, 'e.g. sichuan');
  const period = requireOption(values, 'period', 'YYYY-MM, YYYY-Www or YYYY-Qn');
  const format = values.format as ReportFormat;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  if ((format === 'xlsx' || format === 'html') && !values.out) throw new UsageError(`--format ${format} writes a file: give --out <file.${format}>`);
  const by = values.by === undefined ? [] : values.by.split(',');
  for (const d of by) if (!(RATE_DIMENSIONS as readonly string[]).includes(d)) throw new UsageError(`--by takes ${RATE_DIMENSIONS.join(', ')}, got "${d}"`);
  if (kind !== 'visit-rate' || values.visitor === undefined) requireOption(values, 'area', 'a deployment, county, township or village code');

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
      const report = await periodReportFor(deps, { principal, area: values.area!, period, kind: kind === 'monthly' ? 'monthly' : 'quarterly' });
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
