import { parseArgs } from 'node:util';
import { drawSpotCheck, recordSpotCheck } from '../../shared/app/spot-check';
import { ulidGenerator } from '../../shared/adapters/system';
import { loadRegion } from '../../shared/config/load';
import { SPOT_CHECK_RESULTS } from '../../shared/domain/reports/spot-check-record';
import type { SpotCheckOutcome } from '../../shared/domain/reports/spot-check-record';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';
import { cliPrincipal } from '../principal';

export const USAGE = `tanfang spotcheck draw --data <dir> --region <name> --township <code> --month <YYYY-MM> --by <personId> [--seed <text>] [--at <time>]
tanfang spotcheck record --data <dir> --region <name> --township <code> --month <YYYY-MM> --elder <id> --visit <id>
                         --result confirmed|not_visited|unreachable [--reached elder|family] [--note <text>] --by <personId> [--at <time>]`;

/** `tanfang spotcheck`: 抽查 — draw the month's sample of a township's visits, and record what each call found. */
export async function spotcheckCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'draw' && sub !== 'record') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      region: { type: 'string' },
      township: { type: 'string' },
      month: { type: 'string' },
      by: { type: 'string' },
      seed: { type: 'string' },
      at: { type: 'string' },
      elder: { type: 'string' },
      visit: { type: 'string' },
      result: { type: 'string' },
      reached: { type: 'string' },
      note: { type: 'string' },
    },
    strict: true,
  });
  const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  const township = requireOption(values, 'township', 'a 9-digit township code');
  const month = requireOption(values, 'month', 'YYYY-MM');
  if (sub === 'record') {
    if (!(SPOT_CHECK_RESULTS as readonly string[]).includes(values.result ?? '')) throw new UsageError(`--result must be one of ${SPOT_CHECK_RESULTS.join(', ')}`);
    if (values.reached !== undefined && values.reached !== 'elder' && values.reached !== 'family') throw new UsageError('--reached must be elder or family');
  }
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    const principal = await cliPrincipal(repos.people, runtime.config, values.by, true);
    const deps = { ...repos, clock, runtime, ids: ulidGenerator() };
    if (sub === 'draw') {
      const { draw, results, created } = await drawSpotCheck(deps, { principal, township, month, seed: values.seed });
      writeLine(io.stdout, JSON.stringify({ created, ...draw, results }, null, 2));
      return 0;
    }
    const r = await recordSpotCheck(deps, {
      principal,
      township,
      month,
      elderId: requireOption(values, 'elder', 'the elder id'),
      visitId: requireOption(values, 'visit', 'the visit id'),
      result: values.result as SpotCheckOutcome,
      reached: values.reached as 'elder' | 'family' | undefined,
      note: values.note,
    });
    writeLine(io.stdout, { ...r.result, recorded: r.recorded, verdict: r.review?.review.verdict, task: r.review?.task });
    return 0;
  });
}
