import { parseArgs } from 'node:util';
import { addNeedMeasure, listNeeds, moveMeasureOf } from '../../shared/app/needs';
import { canSupervise } from '../../shared/domain/access/access';
import { ForbiddenError } from '../../shared/app/supervise';
import { MEASURE_STATES } from '../../shared/domain/care/measure';
import type { MeasureState } from '../../shared/domain/care/measure';
import type { RecordedMeasureState } from '../../shared/domain/care/need';
import { loadRegion } from '../../shared/config/load';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';
import { cliPrincipal } from '../principal';

export const USAGE = `tanfang needs list --data <dir> --region <name> (--elder <id> [--all] | --area <code>) [--as <personId>]
tanfang needs add --data <dir> --region <name> --elder <id> --need <visitId.needId> --description <text> --state <planned|in_progress|done|referred> --by <personId> [--note <text>] [--at <time>]
tanfang needs move --data <dir> --region <name> --elder <id> --need <visitId.needId> --measure <m1> --to <${MEASURE_STATES.join('|')}> --by <personId> [--note <text>] [--at <time>]`;

function state<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/**
 * `tanfang needs`: an elder's needs and their measures (闭环管理) on a local database, through the
 * same use cases as the API: list them (the elder's, or an area's open ones), add a measure,
 * move one a step (a referral opens a follow-up for the township).
 */
export async function needsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || !['list', 'add', 'move'].includes(sub)) throw new UsageError(`unknown needs command "${sub ?? ''}"\n${USAGE}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      region: { type: 'string' },
      elder: { type: 'string' },
      area: { type: 'string' },
      all: { type: 'boolean', default: false },
      as: { type: 'string' },
      by: { type: 'string' },
      need: { type: 'string' },
      measure: { type: 'string' },
      to: { type: 'string' },
      description: { type: 'string' },
      state: { type: 'string' },
      note: { type: 'string' },
      at: { type: 'string' },
    },
    strict: true,
  });
  const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    const deps = { ...repos, clock, runtime };
    if (sub === 'list') {
      const p = await cliPrincipal(repos.people, runtime.config, values.as, false);
      if (values.area) {
        const decision = canSupervise(p, values.area);
        if (!decision.allowed) throw new ForbiddenError(`${p.personId} ${decision.reason}`);
        let cursor: string | undefined;
        do {
          const page = await repos.needs.openInArea(values.area, 200, cursor);
          for (const need of page.items) writeLine(io.stdout, need);
          cursor = page.next;
        } while (cursor);
        return 0;
      }
      for (const need of await listNeeds(deps, p, requireOption(values, 'elder', 'an elder id, or --area'), values.all)) writeLine(io.stdout, need);
      return 0;
    }
    const p = await cliPrincipal(repos.people, runtime.config, requireOption(values, 'by', 'the person on the roster who does this'), true);
    const key = { elderId: requireOption(values, 'elder', 'an elder id'), needKey: requireOption(values, 'need', 'visitId.needId, as `needs list` prints it') };
    const result =
      sub === 'add'
        ? await addNeedMeasure(deps, p, {
            ...key,
            description: requireOption(values, 'description', 'what will be done'),
            state: state<RecordedMeasureState>(requireOption(values, 'state', 'planned|in_progress|done|referred'), ['planned', 'in_progress', 'done', 'referred'], 'state'),
            note: values.note,
          })
        : await moveMeasureOf(deps, p, { ...key, measureId: requireOption(values, 'measure', 'm1, m2…'), to: state<MeasureState>(requireOption(values, 'to', MEASURE_STATES.join('|')), MEASURE_STATES, 'to'), note: values.note });
    writeLine(io.stdout, { need: result.need.needKey, measure: result.measure, followUp: result.followUp });
    return 0;
  });
}
