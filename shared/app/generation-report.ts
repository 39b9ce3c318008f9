import type { LocalDate } from '../domain/time/local-date';
import type { GenerateTasksReport } from './generate-tasks';

export function emptyGenerationReport(runDate: LocalDate): GenerateTasksReport {
  return {
    runDate,
    eldersRead: 0,
    eldersGenerated: 0,
    eldersRetired: 0,
    eldersIneligible: [],
    tasksCreated: 0,
    tasksExisting: 0,
    tasksByTier: {},
    tasksUnassigned: 0,
    eldersWithoutVisitor: [],
    digestsQueued: 0,
    digestsMerged: 0,
    digestsExisting: 0,
    digestsClosed: 0,
    digestsUndeliverable: 0,
    smsSegments: 0,
    festivalsOpened: [],
    tasksToCovers: 0,
    tasksLeftOpen: 0,
    unassignedNotices: 0,
    leaveReturns: { leavesEnded: 0, tasksReturned: 0, tasksKept: [] },
  };
}

/** Adds a chunk's counts to a run's (the local runner and tests run every shard in one process). */
export function addGenerationReport(total: GenerateTasksReport, chunk: GenerateTasksReport): void {
  const counts = [
    'eldersRead',
    'eldersGenerated',
    'eldersRetired',
    'tasksCreated',
    'tasksExisting',
    'tasksUnassigned',
    'digestsQueued',
    'digestsMerged',
    'digestsExisting',
    'digestsClosed',
    'digestsUndeliverable',
    'smsSegments',
    'tasksToCovers',
    'tasksLeftOpen',
    'unassignedNotices',
  ] as const;
  for (const k of counts) total[k] += chunk[k];
  for (const [tier, n] of Object.entries(chunk.tasksByTier)) total.tasksByTier[tier] = (total.tasksByTier[tier] ?? 0) + n;
  total.eldersIneligible.push(...chunk.eldersIneligible);
  total.eldersWithoutVisitor.push(...chunk.eldersWithoutVisitor);
}
