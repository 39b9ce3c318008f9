import type { TaskView } from './api/types';

/**
 * The task lists last read, kept in this tab's sessionStorage so a visitor without signal still
 * sees whom to visit. Tasks carry masked names, villages and dates only.
 */
const KEY = (view: string) => `tanfang.tasks.${view}`;

export function rememberTasks(view: string, tasks: TaskView[]): void {
  sessionStorage.setItem(KEY(view), JSON.stringify(tasks));
}

export function rememberedTasks(view: string): TaskView[] {
  return JSON.parse(sessionStorage.getItem(KEY(view)) ?? '[]') as TaskView[];
}

export function findTask(elderId: string, taskId: string): TaskView | undefined {
  for (const view of ['today', 'overdue', 'upcoming']) {
    const found = rememberedTasks(view).find((t) => t.elderId === elderId && t.taskId === taskId);
    if (found) return found;
  }
  return undefined;
}
