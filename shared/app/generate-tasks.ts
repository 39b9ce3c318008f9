import type { LocalDate } from '../domain/time/local-date';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, ElderRepository, LeaveRepository, OccasionStore, Outbox, PersonRepository, TaskRepository } from '../ports';
import { returnFromLeaves } from './visitor-leave';
import type { LeaveReturnReport } from './visitor-leave';
import { localDateOf, toInstant } from '../domain/time/instant';
import { generateChunk } from './generation-chunk';
import { addGenerationReport, emptyGenerationReport } from './generation-report';
import { unlimited } from './time-budget';
import { openFestivals } from './festivals';

export interface GenerateTasksDeps {
  elders: ElderRepository;
  tasks: TaskRepository;
  people: PersonRepository;
  outbox: Outbox;
  /** Where festival occasions are opened (special periods). */
  occasions: OccasionStore;
  /** Visitors' leaves: tasks due on a leave's days go to the cover, and come back after. */
  leaves?: LeaveRepository | undefined;
  clock: Clock;
  runtime: RegionRuntime;
  /** Writes in flight at once. */
  concurrency?: number;
  /** Elders read per page of a shard (each page committed before the next is read). */
  pageSize?: number;
}

export interface GenerateTasksReport {
  runDate: LocalDate;
  eldersRead: number;
  eldersGenerated: number;
  /** Elders whose move, death, hospital stay or withdrawn consent took effect: out of the index. */
  eldersRetired: number;
  /** Elders whose categories the policy does not serve: fix the ledger. */
  eldersIneligible: string[];
  tasksCreated: number;
  /** Tasks found already created (a rerun, a concurrent run, or a run after a crash). */
  tasksExisting: number;
  tasksByTier: Record<string, number>;
  /** Tasks created without a visitor: the elder has none assigned. */
  tasksUnassigned: number;
  eldersWithoutVisitor: string[];
  /** Visitors' digests of the day created by this run (one per visitor per day, whatever the chunks). */
  digestsQueued: number;
  /** Chunks that added tasks to a digest another chunk had created. */
  digestsMerged: number;
  /** Chunks whose tasks a digest already held (a rerun). */
  digestsExisting: number;
  /** Chunks that found the day's digest already sent: their tasks are in the app, not in a second SMS. */
  digestsClosed: number;
  /** Digests for visitors with no phone (or no roster entry): kept in the outbox as undeliverable. */
  digestsUndeliverable: number;
  smsSegments: number;
  /** Festival occasions opened by this run (each is then applied: extra tasks and notices). */
  festivalsOpened: string[];
  /** Tasks given to a colleague covering the elder's visitor's leave. */
  tasksToCovers: number;
  /** Tasks left open because the elder's visitor is inactive or away uncovered (the liaison is told). */
  tasksLeftOpen: number;
  unassignedNotices: number;
  /** Leaves that ended: the tasks their covers still held, handed back. */
  leaveReturns: LeaveReturnReport;
}

/** What the planner of a run did before the shards are handed out. */
export interface GenerationStart {
  runDate: LocalDate;
  leaveReturns: LeaveReturnReport;
  festivalsOpened: string[];
  /** One unit of fan-out each: a worker walks one shard of the generation index. */
  shards: string[];
}

/**
 * The planner of the daily generation run (06:00 China time): hands back the tasks covers held
 * for leaves that ended, opens the festival occasions coming within reach (applying them is
 * apply-occasion's job), and names the shards the workers walk (`generateChunk`). Each step is
 * idempotent, so a retried planner repeats nothing.
 */
export async function startGeneration(deps: GenerateTasksDeps): Promise<GenerationStart> {
  const today = localDateOf(toInstant(deps.clock.now()));
  const leaveReturns = deps.leaves ? await returnFromLeaves({ ...deps, leaves: deps.leaves }, today) : { leavesEnded: 0, tasksReturned: 0, tasksKept: [] };
  const festivalsOpened = await openFestivals(deps, today);
  return { runDate: today, leaveReturns, festivalsOpened, shards: deps.elders.generationShards() };
}

/**
 * A whole generation run in one process: the planner, then every shard to its end with no time
 * limit (the local runner, the CLI and tests; in AWS the shards fan out over the jobs queue).
 *
 * Each elder is read from a sparse index (only elders whose next period enters the horizon),
 * planned period by period (classified on each period's first day), its tasks created with
 * conditional writes, merged into the visitor's one digest of the day, and then its cursor moved:
 * see `generateChunk` for why a crash anywhere repeats nothing and loses nothing.
 */
export async function generateTasks(deps: GenerateTasksDeps): Promise<GenerateTasksReport> {
  const start = await startGeneration(deps);
  const report = { ...emptyGenerationReport(start.runDate), leaveReturns: start.leaveReturns, festivalsOpened: start.festivalsOpened };
  // One shard after another: each already keeps `concurrency` writes in flight.
  for (const shard of start.shards) addGenerationReport(report, (await generateChunk(deps, shard, undefined, unlimited)).report);
  report.eldersIneligible.sort();
  report.eldersWithoutVisitor.sort();
  return report;
}
