import { parseArgs } from 'node:util';
import { loadRegion } from '../../shared/config/load';
import { calendarBetween } from '../../shared/domain/calendar';
import { isLocalDate } from '../../shared/domain/time/local-date';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';

export const USAGE = 'tanfang calendar --region <name> --from <YYYY-MM-DD> --to <YYYY-MM-DD>';

/**
 * Festivals, statutory holidays and adjusted working days as JSON Lines
 * `{"date","kind","name"}`; a year without published statutory data is warned about on stderr.
 */
export async function calendarCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0) throw new UsageError(USAGE);
  const { values } = parseArgs({ args: argv, options: { region: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  const { config } = loadRegion(requireOption(values, 'region', 'e.g. shanghai'));
  const [from, to] = (['from', 'to'] as const).map((name) => {
    const value = requireOption(values, name, 'a date YYYY-MM-DD');
    if (!isLocalDate(value)) throw new UsageError(`--${name} must be a calendar date YYYY-MM-DD, got "${value}"`);
    return value;
  }) as [string, string];
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
