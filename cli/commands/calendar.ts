import { calendarBetween } from '../../shared/domain/calendar';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';
import { regionOf } from '../store';
import { dateOf, regionOptions } from './policy';

interface CalendarOptions {
  region?: string;
  stack?: string;
  from: string;
  to: string;
}

/**
 * Festivals, statutory holidays and adjusted working days as JSON Lines
 * `{"date","kind","name"}`; a year without published statutory data is warned about on stderr.
 */
function calendar(o: CalendarOptions, io: CliIo): number {
  const { config } = regionOf(o, 'e.g. shanghai');
  const from = dateOf(o.from, 'from');
  const to = dateOf(o.to, 'to');
  let report;
  try {
    report = calendarBetween(from, to, config.calendar.statutoryDays);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  for (const day of report.days) writeLine(io.stdout, { date: day.date, kind: day.kind, name: day.name });
  for (const warning of report.warnings) writeLine(io.stderr, `warning: ${warning.message}`);
  return 0;
}

export const mountCalendar: Mount = (program, io, setCode) => {
  const cmd = regionOptions(program.command('calendar').description('festivals, statutory holidays and adjusted working days (JSON Lines)'))
    .requiredOption('--from <YYYY-MM-DD>', 'the first day')
    .requiredOption('--to <YYYY-MM-DD>', 'the last day');
  withExamples(cmd, ['tanfang calendar --region sichuan --from 2026-01-01 --to 2026-12-31', 'tanfang calendar --stack Tanfang-shanghai --from 2027-01-01 --to 2027-02-28']);
  cmd.action(exitWith(setCode, async () => calendar(cmd.opts<CalendarOptions>(), io)));
};
