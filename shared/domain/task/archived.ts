import type { Task } from './task';

/**
 * What the elder's archive (一人一档) keeps of a task once it left the hot table: what was asked,
 * what happened, how far it escalated, its history. No index keys, no copies of the ledger.
 */
export type ArchivedTask = Pick<
  Task,
  'elderId' | 'taskId' | 'kind' | 'tier' | 'state' | 'start' | 'end' | 'dueAt' | 'completedAt' | 'late' | 'visitorId' | 'closedReason' | 'occasions' | 'followUpCause' | 'outcome' | 'escalation' | 'history'
>;

const FIELDS = [
  'elderId',
  'taskId',
  'kind',
  'tier',
  'state',
  'start',
  'end',
  'dueAt',
  'completedAt',
  'late',
  'visitorId',
  'closedReason',
  'occasions',
  'followUpCause',
  'outcome',
  'escalation',
  'history',
] as const satisfies readonly (keyof ArchivedTask)[];

export function archivedTaskOf(task: ArchivedTask): ArchivedTask {
  return Object.fromEntries(FIELDS.filter((f) => task[f] !== undefined).map((f) => [f, task[f]])) as unknown as ArchivedTask;
}
