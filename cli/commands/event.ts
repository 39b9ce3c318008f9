import { parseArgs } from 'node:util';
import { applyOccasion } from '../../shared/app/apply-occasion';
import { cancelEvent, declareEvent } from '../../shared/app/declare-event';
import { loadRegion } from '../../shared/config/load';
import { eventOccasionId } from '../../shared/domain/special/occasion';
import { cliPrincipal } from '../principal';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';

export const USAGE = `tanfang event declare --data <dir> --region <name> --id <eventId> --type epidemic_lockdown|public_health|disaster --title <text> --areas <code,code…> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--suspend-home-visits] [--order <文号>] [--by <personId>] [--at <time>]
tanfang event cancel --data <dir> --region <name> --id <eventId> [--by <personId>] [--at <time>]
tanfang event show --data <dir> --id <eventId>`;

/**
 * Public-health and disaster events (事故灾害、公共卫生事件) on a local database: the same use
 * cases as POST /events, then applied at once like a weather warning; run again after a crash,
 * it finishes what the first run did not (`resumed`).
 */
export async function eventCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      region: { type: 'string' },
      id: { type: 'string' },
      type: { type: 'string' },
      title: { type: 'string' },
      areas: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'suspend-home-visits': { type: 'boolean' },
      order: { type: 'string' },
      by: { type: 'string' },
      at: { type: 'string' },
    },
    strict: true,
  });
  if (sub !== 'declare' && sub !== 'cancel' && sub !== 'show') throw new UsageError(`unknown event command "${sub ?? ''}"\n${USAGE}`);
  const eventId = requireOption(values, 'id', 'the office’s reference for the event, e.g. chenghua-2026-03');
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    if (sub === 'show') {
      const occasion = await repos.occasions.get(eventOccasionId(eventId));
      if (!occasion) throw new UsageError(`no event ${eventId} in ${values.data}`);
      writeLine(io.stdout, { occasion, stats: await repos.occasions.stats(occasion.occasionId) });
      return 0;
    }
    const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
    const deps = { ...repos, clock, runtime };
    const principal = await cliPrincipal(repos.people, runtime.config, values.by, false);
    const result =
      sub === 'cancel'
        ? await cancelEvent(deps, principal, eventId)
        : await declareEvent(deps, principal, {
            eventId,
            type: requireOption(values, 'type', 'epidemic_lockdown, public_health or disaster'),
            title: requireOption(values, 'title', 'what the order calls it'),
            areaCodes: requireOption(values, 'areas', 'the affected area codes, comma-separated')
              .split(',')
              .map((c) => c.trim()),
            from: requireOption(values, 'from', 'the first day'),
            to: requireOption(values, 'to', 'the last day'),
            homeVisitsSuspended: values['suspend-home-visits'] ?? false,
            ...(values.order ? { order: values.order } : {}),
          });
    const applied = result.apply ? await applyOccasion(deps, result.occasionId) : undefined;
    writeLine(io.stdout, { ...result, applied });
    return 0;
  });
}
