import { Option } from 'commander';
import type { Command } from 'commander';
import { acknowledgeTask, reassignTask, resolveTask, RESOLUTIONS } from '../../shared/app/supervise';
import { moveVisitorTasks } from '../../shared/app/move-visitor-tasks';
import type { Resolution } from '../../shared/app/supervise';
import { recordFollowUpOutcome } from '../../shared/app/follow-up-outcome';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, withStore } from '../store';
import type { StoreValues } from '../store';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';

const TASK = 'elderId#taskId, e.g. E000001#2026-11-H2#1';
const STACK_TASK = 'E000001#2026-11-H2#1';

interface TaskOptions extends StoreValues {
  task: string;
  by: string;
  hours?: string;
  to: string;
  reason: string;
  resolution: Resolution;
  note?: string;
  method?: string;
  outcome?: string;
  visitor: string;
  from: string;
}

function taskRef(ref: string): { elderId: string; taskId: string } {
  const [elderId, ...rest] = ref.split('#');
  if (!elderId || rest.length === 0) throw new UsageError(`--task must be elderId#taskId, e.g. E000001#2026-11-H2#1, got "${ref}"`);
  return { elderId, taskId: rest.join('#') };
}

/** A subcommand on the store with its description and examples. */
function leaf(task: Command, name: string, description: string, examples: string[]): Command {
  return withExamples(storeOptions(task.command(name).description(description)), examples);
}

/** Supervisor actions and task views, locally or on a stack (the same use cases the API exposes). */
export const mountTask: Mount = (program, io, setCode) => {
  const task = program.command('task').description('a visitor’s tasks; supervisor actions on escalated tasks; follow-ups; moves');
  withExamples(task, ['tanfang task list --data .tanfang/db --visitor vis-510108001001-1', `tanfang task ack --stack Tanfang-sichuan --task ${STACK_TASK} --by ins-510108001 --hours 24`]);
  const act = (cmd: Command, run: (values: TaskOptions) => Promise<number>) => cmd.action(exitWith(setCode, () => run(cmd.opts<TaskOptions>())));

  const list = leaf(task, 'list', 'the open tasks of a visitor (JSON Lines)', ['tanfang task list --data .tanfang/db --visitor vis-510108001001-1', 'tanfang task list --stack Tanfang-sichuan --visitor vis-510108001001-1']);
  act(list.requiredOption('--visitor <personId>', 'a visitor id'), (values) =>
    withStore(values, async (repos) => {
      for (const t of await repos.tasks.openForVisitor(values.visitor)) {
        writeLine(io.stdout, { task: `${t.elderId}#${t.taskId}`, kind: t.kind, state: t.state, elder: t.maskedName, village: t.villageName, methods: t.methods, dueAt: t.dueAt, escalationLevel: t.escalation?.level ?? 0 });
      }
      return 0;
    }),
  );

  const show = leaf(task, 'show', 'one task, whole, with its history (JSON)', [`tanfang task show --stack Tanfang-sichuan --task ${STACK_TASK}`]);
  act(show.requiredOption('--task <ref>', TASK), (values) =>
    withStore(values, async (repos) => {
      const ref = taskRef(values.task);
      const found = await repos.tasks.get(ref.elderId, ref.taskId);
      if (!found) throw new UsageError(`no task ${ref.elderId}#${ref.taskId}`);
      writeLine(io.stdout, JSON.stringify(found, null, 2));
      return 0;
    }),
  );

  const supervise = (cmd: Command, use: (deps: Parameters<typeof acknowledgeTask>[0], ref: { elderId: string; taskId: string }, values: TaskOptions) => Promise<Awaited<ReturnType<typeof acknowledgeTask>>>) =>
    act(cmd.requiredOption('--task <ref>', TASK).requiredOption('--by <personId>', 'the supervisor acting'), async (values) => {
      const runtime = regionOf(values, 'e.g. sichuan');
      const ref = taskRef(values.task);
      return withStore(values, async (repos, clock) => {
        const t = await use({ ...repos, clock, runtime }, ref, values);
        writeLine(io.stdout, { task: `${t.elderId}#${t.taskId}`, state: t.state, visitorId: t.visitorId, escalation: t.escalation, last: t.history.at(-1) });
        return 0;
      });
    });

  const ack = leaf(task, 'ack', 'acknowledge an escalated task: its escalation waits the hours given', [`tanfang task ack --data .tanfang/db --region sichuan --task ${STACK_TASK} --by lia-510108001001 --hours 12`]);
  supervise(ack.option('--hours <n>', 'hours until it escalates again, 1 to 336 (default: the region’s)'), (deps, ref, values) => {
    const hours = values.hours === undefined ? undefined : Number(values.hours);
    if (hours !== undefined && !(hours >= 1 && hours <= 336)) throw new UsageError(`--hours must be between 1 and 336, got "${values.hours}"`);
    return acknowledgeTask(deps, { ...ref, by: values.by, ...(hours !== undefined ? { hours } : {}) });
  });

  const reassign = leaf(task, 'reassign', 'give an escalated task to another visitor', [`tanfang task reassign --stack Tanfang-sichuan --task ${STACK_TASK} --by ins-510108001 --to vis-510108001001-2 --reason 原探访员住院`]);
  supervise(reassign.requiredOption('--to <visitorId>', 'the new visitor').requiredOption('--reason <text>', 'why, for the history'), (deps, ref, values) =>
    reassignTask(deps, { ...ref, by: values.by, toVisitorId: values.to, reason: values.reason }),
  );

  const resolve = leaf(task, 'resolve', 'close an escalated task with its resolution', [`tanfang task resolve --stack Tanfang-sichuan --task ${STACK_TASK} --by ins-510108001 --resolution hospitalised --note 已电话核实，老人住院`]);
  supervise(resolve.addOption(new Option('--resolution <resolution>', 'how it was resolved').choices(RESOLUTIONS).makeOptionMandatory()).option('--note <text>', 'what was done'), (deps, ref, values) =>
    resolveTask(deps, { ...ref, by: values.by, resolution: values.resolution, ...(values.note ? { note: values.note } : {}) }),
  );

  // Method, outcome and note are checked by the use case, as the API's form is: one refusal (exit 1) names every bad field.
  const followUp = leaf(task, 'follow-up', 'record the outcome of a follow-up visit (跟踪回访)', [
    `tanfang task follow-up --data .tanfang/db --region sichuan --task E000001#F#… --by ins-510108001 --method phone --outcome resolved --note 已上门助浴`,
  ]);
  act(
    followUp
      .requiredOption('--task <ref>', 'elderId#F#…, a follow-up task')
      .requiredOption('--by <personId>', 'who followed up')
      .option('--method <method>', 'home, phone, video or other')
      .option('--outcome <outcome>', 'resolved or unresolved')
      .option('--note <text>', 'what was found'),
    async (values) => {
      const runtime = regionOf(values, 'e.g. sichuan');
      const ref = taskRef(values.task);
      return withStore(values, async (repos, clock) => {
        const r = await recordFollowUpOutcome({ ...repos, clock, runtime }, { ...ref, by: values.by, outcome: { method: values.method, outcome: values.outcome, note: values.note } });
        writeLine(io.stdout, { task: `${r.task.elderId}#${r.task.taskId}`, state: r.task.state, recorded: r.recorded, followedUp: r.followedUp, next: r.next ? `${r.next.elderId}#${r.next.taskId}` : undefined });
        return 0;
      });
    },
  );

  const move = leaf(task, 'move', 'move every open task of one visitor to another', ['tanfang task move --stack Tanfang-sichuan --from vis-510108001001-1 --to vis-510108001001-2 --by ins-510108001 --reason 调岗']);
  act(
    move
      .requiredOption('--from <visitorId>', 'the visitor whose tasks move')
      .requiredOption('--to <visitorId>', 'the new visitor')
      .requiredOption('--by <personId>', 'the supervisor acting')
      .requiredOption('--reason <text>', 'why, for the history'),
    async (values) => {
      const runtime = regionOf(values, 'e.g. sichuan');
      return withStore(values, async (repos, clock) => {
        writeLine(io.stdout, await moveVisitorTasks({ ...repos, clock, runtime }, { by: values.by, fromVisitorId: values.from, toVisitorId: values.to, reason: values.reason }));
        return 0;
      });
    },
  );
};
