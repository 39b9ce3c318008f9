import { parseArgs } from 'node:util';
import { recordReview } from '../../shared/app/ledger-review';
import { overdueReviews } from '../../shared/app/overdue-reviews';
import { loadRegion } from '../../shared/config/load';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';
import { cliPrincipal } from '../principal';

export const REVIEW_USAGE = `tanfang ledger review --data <dir> --region <name> --elder <id> --by <personId> [--note <text>] [--at <time>]
tanfang ledger overdue --data <dir> --region <name> --area <code> [--by <personId>] [--limit 500] [--at <time>]`;

/**
 * `tanfang ledger review`: records that an entry was checked and is current (核实无变化), by a
 * liaison, instructor or administrator on the roster who keeps that village's ledger.
 * `tanfang ledger overdue`: the entries of an area overdue for review, per village (JSON).
 */
export async function ledgerReviewCommand(sub: 'review' | 'overdue', argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, region: { type: 'string' }, elder: { type: 'string' }, by: { type: 'string' }, note: { type: 'string' }, area: { type: 'string' }, limit: { type: 'string' }, at: { type: 'string' } },
    strict: true,
  });
  const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  if (sub === 'review') {
    const elderId = requireOption(values, 'elder', 'the elder id (档案编号)');
    if (values.by === undefined) throw new UsageError('--by <personId> is required: the liaison, instructor or administrator on the roster who checked the entry (it is recorded)');
    return withLocalStore(values.data, values.at, async (repos, clock) => {
      const actor = await cliPrincipal(repos.people, runtime.config, values.by, true);
      writeLine(io.stdout, await recordReview({ ...repos, clock, runtime }, { elderId, actor, note: values.note }));
      return 0;
    });
  }
  const area = requireOption(values, 'area', 'a county, township or village code');
  const limit = values.limit === undefined ? 500 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError(`--limit must be a whole number from 1 to 100000, got "${values.limit}"`);
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    const principal = await cliPrincipal(repos.people, runtime.config, values.by, false);
    writeLine(io.stdout, await overdueReviews({ ...repos, clock, runtime }, { principal, area, limit }));
    return 0;
  });
}
