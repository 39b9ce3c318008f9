import { Option } from 'commander';
import { applyOccasion } from '../../shared/app/apply-occasion';
import { cancelEvent, declareEvent } from '../../shared/app/declare-event';
import type { EventResult } from '../../shared/app/declare-event';
import { EVENT_TYPES } from '../../shared/domain/special/event';
import type { EventType } from '../../shared/domain/special/event';
import { eventOccasionId } from '../../shared/domain/special/occasion';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { Clock } from '../../shared/ports';
import type { Principal } from '../../shared/domain/access/access';
import { cliPrincipal } from '../principal';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount, StoreOptionValues } from '../program/mount';
import { regionOf, withStore } from '../store';

interface EventOptions extends StoreOptionValues {
  id: string;
  by?: string;
}

interface DeclareOptions extends EventOptions {
  type: EventType;
  title: string;
  areas: string;
  from: string;
  to: string;
  suspendHomeVisits?: boolean;
  order?: string;
}

type Deps = Repositories & { clock: Clock; runtime: RegionRuntime };

/**
 * Declares or cancels, then applies at once like a weather warning (as `alert ingest` does, on a
 * deployed region too: applying is idempotent, so the stack's own apply-occasion on the stream
 * finds it done); run again after a crash, it finishes what the first run did not (`resumed`).
 */
async function change(o: EventOptions, io: CliIo, act: (deps: Deps, principal: Principal) => Promise<EventResult>): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const deps = { ...repos, clock, runtime };
    const result = await act(deps, await cliPrincipal(repos.people, runtime.config, o.by, false));
    const applied = result.apply ? await applyOccasion(deps, result.occasionId) : undefined;
    writeLine(io.stdout, { ...result, applied });
    return 0;
  });
}

const declaration = (o: DeclareOptions) => ({
  eventId: o.id,
  type: o.type,
  title: o.title,
  areaCodes: o.areas.split(',').map((c) => c.trim()),
  from: o.from,
  to: o.to,
  homeVisitsSuspended: o.suspendHomeVisits ?? false,
  ...(o.order ? { order: o.order } : {}),
});

async function show(o: EventOptions, io: CliIo): Promise<number> {
  return withStore(o, async (repos) => {
    const occasion = await repos.occasions.get(eventOccasionId(o.id));
    if (!occasion) throw new UsageError(`no event ${o.id} in ${o.stack ?? o.data}`);
    writeLine(io.stdout, { occasion, stats: await repos.occasions.stats(occasion.occasionId) });
    return 0;
  });
}

const ID = ['--id <eventId>', 'the office’s reference for the event, e.g. chenghua-2026-03'] as const;
const BY = ['--by <personId>', 'who acts, an administrator on the roster (default: the office’s administrator)'] as const;

/** Public-health and disaster events (事故灾害、公共卫生事件): the same use cases as POST /events. */
export const mountEvent: Mount = (program, io, setCode) => {
  const event = program.command('event').description('public-health and disaster events (疫情封控, 公共卫生事件, 事故灾害)');
  const declaring = 'tanfang event declare --data .tanfang/db --region sichuan --id ch-1 --type epidemic_lockdown --title 封控 --areas 510108001001 --from 2026-11-10 --to 2026-11-16 --suspend-home-visits';
  withExamples(event, [declaring, 'tanfang event show --stack Tanfang-sichuan --id ch-1']);

  const declare = storeOptions(event.command('declare').description('declare (or update) an event and apply it: extra contacts, home visits suspended where the order says, notices'))
    .requiredOption(...ID)
    .addOption(new Option('--type <type>', 'what kind of event').choices(EVENT_TYPES).makeOptionMandatory())
    .requiredOption('--title <text>', 'what the order calls it')
    .requiredOption('--areas <code,code…>', 'the affected area codes, comma-separated')
    .requiredOption('--from <YYYY-MM-DD>', 'the first day')
    .requiredOption('--to <YYYY-MM-DD>', 'the last day')
    .option('--suspend-home-visits', 'home visits are suspended: tasks are done by phone or video')
    .option('--order <文号>', 'the order’s reference number')
    .option(...BY);
  withExamples(declare, [declaring]);
  declare.action(exitWith(setCode, () => change(declare.opts<DeclareOptions>(), io, (deps, p) => declareEvent(deps, p, declaration(declare.opts<DeclareOptions>())))));

  const cancel = storeOptions(event.command('cancel').description('call an event off: its open extra tasks are cancelled, home visits required again'))
    .requiredOption(...ID)
    .option(...BY);
  withExamples(cancel, ['tanfang event cancel --data .tanfang/db --region sichuan --id ch-1']);
  cancel.action(exitWith(setCode, () => change(cancel.opts<EventOptions>(), io, (deps, p) => cancelEvent(deps, p, cancel.opts<EventOptions>().id))));

  const showing = storeOptions(event.command('show').description('an event and its counters (tasks, notices)'), { region: false }).requiredOption(...ID);
  withExamples(showing, ['tanfang event show --data .tanfang/db --id ch-1', 'tanfang event show --stack Tanfang-sichuan --id ch-1']);
  showing.action(exitWith(setCode, () => show(showing.opts<EventOptions>(), io)));
};
