import type { Command } from 'commander';
import { recordReview } from '../../shared/app/ledger-review';
import { overdueReviews } from '../../shared/app/overdue-reviews';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { cliPrincipal } from '../principal';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import { regionOf, withStore } from '../store';
import type { StoreValues } from '../store';

/**
 * `tanfang ledger review`: records that an entry was checked and is current (核实无变化), by a
 * liaison, instructor or administrator on the roster who keeps that village's ledger.
 * `tanfang ledger overdue`: the entries of an area overdue for review, per village (JSON).
 */
export function mountLedgerReview(ledger: Command, io: CliIo, setCode: (code: number) => void): void {
  const review: Command = storeOptions(ledger.command('review').description('record that an entry was checked and is current (核实无变化)'))
    .requiredOption('--elder <id>', 'the elder id (档案编号)')
    .requiredOption('--by <personId>', 'the liaison, instructor or administrator on the roster who checked the entry (it is recorded)')
    .option('--note <text>', 'what was checked');
  withExamples(review, ['tanfang ledger review --data .tanfang/db --region sichuan --elder E000032 --by liaison-510108001001']).action(
    exitWith(setCode, async () => {
      const values = review.opts<StoreValues & { elder: string; by: string; note?: string }>();
      const runtime = regionOf(values, 'e.g. sichuan');
      return withStore(values, async (repos, clock) => {
        const actor = await cliPrincipal(repos.people, runtime.config, values.by, true);
        writeLine(io.stdout, await recordReview({ ...repos, clock, runtime }, { elderId: values.elder, actor, note: values.note }));
        return 0;
      });
    }),
  );

  const overdue: Command = storeOptions(ledger.command('overdue').description('the entries of an area overdue for review, per village (JSON)'))
    .requiredOption('--area <code>', 'a county, township or village code')
    .option('--by <personId>', 'who reads: their areas bound what is shown')
    .option('--limit <n>', 'at most this many entries, 1 to 100000', '500');
  withExamples(overdue, ['tanfang ledger overdue --data .tanfang/db --region sichuan --area 510108001', 'tanfang ledger overdue --stack Tanfang-sichuan --area 510108 --limit 2000']).action(
    exitWith(setCode, async () => {
      const values = overdue.opts<StoreValues & { area: string; by?: string; limit: string }>();
      const runtime = regionOf(values, 'e.g. sichuan');
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError(`--limit must be a whole number from 1 to 100000, got "${values.limit}"`);
      return withStore(values, async (repos, clock) => {
        const principal = await cliPrincipal(repos.people, runtime.config, values.by, false);
        writeLine(io.stdout, await overdueReviews({ ...repos, clock, runtime }, { principal, area: values.area, limit }));
        return 0;
      });
    }),
  );
}
