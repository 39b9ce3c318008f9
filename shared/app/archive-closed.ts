import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import { addMonths } from '../domain/task/retention';
import { localDateOf, toInstant } from '../domain/time/instant';
import type { Clock, TaskArchive } from '../ports';

export interface ArchiveClosedDeps {
  taskArchive: Pick<TaskArchive, 'archiveMonth'>;
  clock: Clock;
  runtime: RegionRuntime;
}

export interface ArchiveClosedReport {
  months: string[];
  counties: number;
  tasks: number;
  items: number;
}

/**
 * The months a run in `month` archives: the one whose closed tasks expire at the start of next
 * month (its last pass: every task closed by now is in it), and the one after (a month early, so a
 * failed run leaves a month of reruns before anything expires unarchived).
 */
export function monthsToArchive(month: string, closedTaskMonths: number): string[] {
  return [addMonths(month, -closedTaskMonths), addMonths(month, -closedTaskMonths + 1)];
}

/**
 * Archives closed tasks before the hot table lets them expire (monthly; any rerun is safe, a
 * pass adds to what earlier passes kept). `months` overrides the schedule (the CLI, a backfill).
 */
export async function archiveClosedTasks(deps: ArchiveClosedDeps, options: { months?: readonly string[] } = {}): Promise<ArchiveClosedReport> {
  const at = toInstant(deps.clock.now());
  const months = [...(options.months ?? monthsToArchive(localDateOf(at).slice(0, 7), deps.runtime.config.retention.closedTaskMonths))];
  const counties = servedCounties(deps.runtime.config);
  const report: ArchiveClosedReport = { months, counties: counties.length, tasks: 0, items: 0 };
  for (const month of months) {
    for (const county of counties) {
      const pass = await deps.taskArchive.archiveMonth(county, month, at);
      report.tasks += pass.tasks;
      report.items += pass.items;
    }
  }
  return report;
}
