import { parseArgs } from 'node:util';
import { recordLeave } from '../../shared/app/visitor-leave';
import { loadRegion } from '../../shared/config/load';
import { cliPrincipal } from '../principal';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';

export const USAGE = `tanfang leave record --data <dir> --region <name> --visitor <personId> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--cover <personId>] [--reason <text>] [--by <personId>] [--at <time>]
tanfang leave list --data <dir> --visitor <personId>`;

/** 请假登记 on a local database: the same use case as POST /people/{id}/leave. */
export async function leaveCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      region: { type: 'string' },
      visitor: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      cover: { type: 'string' },
      reason: { type: 'string' },
      by: { type: 'string' },
      at: { type: 'string' },
    },
    strict: true,
  });
  if (sub !== 'record' && sub !== 'list') throw new UsageError(`unknown leave command "${sub ?? ''}"\n${USAGE}`);
  const visitorId = requireOption(values, 'visitor', 'the visitor on leave');
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    if (sub === 'list') {
      for (const leave of (await repos.leaves.forVisitor(visitorId)).leaves) writeLine(io.stdout, leave);
      return 0;
    }
    const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
    const principal = await cliPrincipal(repos.people, runtime.config, values.by, false);
    const request = {
      from: requireOption(values, 'from', 'the first day away'),
      to: requireOption(values, 'to', 'the last day away'),
      ...(values.cover ? { coverId: values.cover } : {}),
      ...(values.reason ? { reason: values.reason } : {}),
    };
    writeLine(io.stdout, await recordLeave({ ...repos, clock, runtime }, { principal, visitorId, request }));
    return 0;
  });
}
