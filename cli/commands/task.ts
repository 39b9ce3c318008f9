import { parseArgs } from 'node:util';
import { acknowledgeTask, reassignTask, resolveTask, RESOLUTIONS } from '../../shared/app/supervise';
import { moveVisitorTasks } from '../../shared/app/move-visitor-tasks';
import type { Resolution } from '../../shared/app/supervise';
import { recordFollowUpOutcome } from '../../shared/app/follow-up-outcome';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, STORE_OPTIONS, withStore } from '../store';

export const USAGE = `tanfang task list --data <dir>|--stack Tanfang-<name> --visitor <personId> [--at <time>]
tanfang task show --data <dir>|--stack Tanfang-<name> --task <elderId#taskId>
tanfang task ack (--data <dir> --region <name> | --stack Tanfang-<name>) --task <elderId#taskId> --by <personId> [--hours N] [--at <time>]
tanfang task reassign (--data <dir> --region <name> | --stack Tanfang-<name>) --task <elderId#taskId> --by <personId> --to <visitorId> --reason <text> [--at <time>]
tanfang task resolve (--data <dir> --region <name> | --stack Tanfang-<name>) --task <elderId#taskId> --by <personId> --resolution <${RESOLUTIONS.join('|')}> [--note <text>] [--at <time>]
tanfang task follow-up (--data <dir> --region <name> | --stack Tanfang-<name>) --task <elderId#F#…> --by <personId> --method <home|phone|video|other> --outcome <resolved|unresolved> --note <text> [--at <time>]
tanfang task move (--data <dir> --region <name> | --stack Tanfang-<name>) --from <visitorId> --to <visitorId> --by <personId> --reason <text> [--at <time>]`;

function taskRef(values: Record<string, unknown>): { elderId: string; taskId: string } {
  const ref = requireOption(values, 'task', 'elderId#taskId, e.g. E000001#2026-11-H2#1');
  const [elderId, ...rest] = ref.split('#');
  if (!elderId || rest.length === 0) throw new UsageError(`--task must be elderId#taskId, e.g. E000001#2026-11-H2#1, got "${ref}"`);
  return { elderId, taskId: rest.join('#') };
}

/** Supervisor actions and task views on a local database (the same use cases the API will expose). */
export async function taskCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      ...STORE_OPTIONS,
      region: { type: 'string' },
      task: { type: 'string' },
      by: { type: 'string' },
      to: { type: 'string' },
      reason: { type: 'string' },
      resolution: { type: 'string' },
      note: { type: 'string' },
      hours: { type: 'string' },
      visitor: { type: 'string' },
      from: { type: 'string' },
      method: { type: 'string' },
      outcome: { type: 'string' },
    },
    strict: true,
  });
  if (!sub || !['list', 'show', 'ack', 'reassign', 'resolve', 'follow-up', 'move'].includes(sub)) throw new UsageError(`unknown task command "${sub ?? ''}"\n${USAGE}`);
  return withStore(values, async (repos, clock) => {
    if (sub === 'list') {
      for (const t of await repos.tasks.openForVisitor(requireOption(values, 'visitor', 'a visitor id'))) {
        writeLine(io.stdout, { task: `${t.elderId}#${t.taskId}`, kind: t.kind, state: t.state, elder: t.maskedName, village: t.villageName, methods: t.methods, dueAt: t.dueAt, escalationLevel: t.escalation?.level ?? 0 });
      }
      return 0;
    }
    if (sub === 'move') {
      const runtime = regionOf(values, 'e.g. sichuan');
      const input = {
        by: requireOption(values, 'by', 'the supervisor acting'),
        fromVisitorId: requireOption(values, 'from', 'the visitor whose tasks move'),
        toVisitorId: requireOption(values, 'to', 'the new visitor'),
        reason: requireOption(values, 'reason', 'why, for the history'),
      };
      writeLine(io.stdout, await moveVisitorTasks({ ...repos, clock, runtime }, input));
      return 0;
    }
    const ref = taskRef(values);
    if (sub === 'show') {
      const task = await repos.tasks.get(ref.elderId, ref.taskId);
      if (!task) throw new UsageError(`no task ${ref.elderId}#${ref.taskId}`);
      writeLine(io.stdout, JSON.stringify(task, null, 2));
      return 0;
    }
    const runtime = regionOf(values, 'e.g. sichuan');
    const deps = { ...repos, clock, runtime };
    const by = requireOption(values, 'by', 'the supervisor acting');
    if (sub === 'follow-up') {
      // The form is checked by the use case (each field named), as the API's is.
      const r = await recordFollowUpOutcome(deps, { ...ref, by, outcome: { method: values.method, outcome: values.outcome, note: values.note } });
      writeLine(io.stdout, { task: `${r.task.elderId}#${r.task.taskId}`, state: r.task.state, recorded: r.recorded, followedUp: r.followedUp, next: r.next ? `${r.next.elderId}#${r.next.taskId}` : undefined });
      return 0;
    }
    let task;
    if (sub === 'ack') {
      const hours = values.hours === undefined ? undefined : Number(values.hours);
      if (hours !== undefined && !(hours >= 1 && hours <= 336)) throw new UsageError(`--hours must be between 1 and 336, got "${values.hours}"`);
      task = await acknowledgeTask(deps, { ...ref, by, ...(hours !== undefined ? { hours } : {}) });
    } else if (sub === 'reassign') {
      task = await reassignTask(deps, { ...ref, by, toVisitorId: requireOption(values, 'to', 'the new visitor'), reason: requireOption(values, 'reason', 'why, for the history') });
    } else {
      const resolution = requireOption(values, 'resolution', RESOLUTIONS.join('|'));
      if (!(RESOLUTIONS as readonly string[]).includes(resolution)) throw new UsageError(`--resolution must be one of ${RESOLUTIONS.join(', ')}, got "${resolution}"`);
      task = await resolveTask(deps, { ...ref, by, resolution: resolution as Resolution, ...(values.note ? { note: values.note } : {}) });
    }
    writeLine(io.stdout, { task: `${task.elderId}#${task.taskId}`, state: task.state, visitorId: task.visitorId, escalation: task.escalation, last: task.history.at(-1) });
    return 0;
  });
}
