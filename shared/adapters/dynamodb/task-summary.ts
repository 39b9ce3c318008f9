import type { Task, TaskSummary } from '../../domain/task/task';
import { TABLES } from './tables';

/** The attributes rates and reports read of a task: exactly what the byAreaMonth index projects. */
const projection = TABLES.tasks.indexes.find((i) => i.name === 'byAreaMonth')!.projection;
export const SUMMARY_FIELDS = ['elderId', 'taskId', ...(projection.type === 'INCLUDE' ? projection.attributes : [])];

export const keyOf = (t: { elderId: string; taskId: string }) => `${t.elderId}#${t.taskId}`;

/** A whole task cut to what the index would have projected of it. */
export const summaryOf = (t: Task): TaskSummary =>
  Object.fromEntries(SUMMARY_FIELDS.filter((f) => (t as unknown as Record<string, unknown>)[f] !== undefined).map((f) => [f, (t as unknown as Record<string, unknown>)[f]])) as unknown as TaskSummary;

/** The index's own order: village, then elder, then task. */
export const byAreaOrder = (a: TaskSummary, b: TaskSummary) => `${a.villageCode}#${keyOf(a)}`.localeCompare(`${b.villageCode}#${keyOf(b)}`);
