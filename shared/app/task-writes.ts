import type { Task } from '../domain/task/task';
import type { TaskRepository } from '../ports';

/**
 * Writes what `change` makes of a task with a version check, re-reading and re-applying it when
 * the task changed meanwhile (a visit, an escalation run). `change` answers undefined when the
 * task, as it now is, needs nothing (already moved by an earlier run, closed): nothing is written.
 */
export async function changeTask(tasks: Pick<TaskRepository, 'get' | 'update'>, first: Task, change: (task: Task) => Task | undefined): Promise<Task | undefined> {
  let task: Task | undefined = first;
  for (let attempt = 0; attempt < 5 && task; attempt++) {
    const next = change(task);
    if (!next) return undefined;
    if (await tasks.update(next)) return next;
    task = await tasks.get(first.elderId, first.taskId);
  }
  return undefined;
}
