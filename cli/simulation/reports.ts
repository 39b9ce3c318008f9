import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { periodReportFor } from '../../shared/app/reports';
import type { ReportDeps } from '../../shared/app/reports';
import { periodSpec } from '../../shared/adapters/report-files/specs';
import { renderReport, writeReportFile } from '../../shared/adapters/report-files/write';
import { addDays } from '../../shared/domain/time/local-date';
import type { LocalDate } from '../../shared/domain/time/local-date';

/**
 * The end of the local run: the monthly report (按月更新) of the deployment for the last month the
 * run saw to its end (or the month it stopped in, when it saw none), as XLSX and HTML files.
 */
export async function writeMonthReports(deps: ReportDeps, options: { from: LocalDate; to: LocalDate; dir: string }): Promise<{ month: string; files: string[] }> {
  const nextDay = addDays(options.to, 1);
  const lastFull = addDays(`${nextDay.slice(0, 7)}-01`, -1);
  const month = lastFull >= options.from ? lastFull.slice(0, 7) : options.to.slice(0, 7);
  const area = deps.runtime.config.deploymentArea;
  const report = await periodReportFor(deps, { principal: { personId: 'local-runner', roles: ['admin'], areaCode: area, active: true }, area, period: month, kind: 'monthly' });
  const spec = periodSpec(report);
  mkdirSync(options.dir, { recursive: true });
  const files: string[] = [];
  for (const format of ['xlsx', 'html'] as const) {
    const file = resolve(join(options.dir, `monthly-${deps.runtime.config.name}-${area}-${month}.${format}`));
    await writeReportFile(file, await renderReport(format, spec));
    files.push(file);
  }
  return { month, files };
}
