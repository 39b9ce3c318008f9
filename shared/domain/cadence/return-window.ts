import type { ResolvedCadence } from '../policy/classify';
import { isActive } from '../task/lifecycle';
import type { Task } from '../task/task';
import { endOfDay, startOfDay } from '../time/instant';
import type { LocalDate } from '../time/local-date';
import { periodContaining } from './period';
import type { PeriodSpan } from './period';
import type { VisitWindow } from './windows';

export interface ReturnWindow {
  span: PeriodSpan;
  window: VisitWindow;
  /** `<periodId>#R<date>`: one per return, so saving the form again never makes a second. */
  taskId: string;
}

/**
 * Back home after a hospital stay, in a period whose tasks were already made (and cancelled
 * for the stay): one window from the day of return to the period's end, if the period's visits
 * are still owed — fewer completed visits than the cadence asks, and no open task reaching
 * past the return. Undefined when nothing is owed, or when generation has not reached the
 * period yet (it will plan the period itself).
 */
export function returnWindow(input: {
  elderId: string;
  returnedOn: LocalDate;
  today: LocalDate;
  cadence: ResolvedCadence;
  plannedThrough?: LocalDate | undefined;
  tasks: readonly Pick<Task, 'periodId' | 'kind' | 'state' | 'end'>[];
}): ReturnWindow | undefined {
  const from = input.returnedOn > input.today ? input.returnedOn : input.today;
  const span = periodContaining(input.cadence.period, from);
  if (input.plannedThrough === undefined || input.plannedThrough < span.end) return undefined;
  const routine = input.tasks.filter((t) => t.kind === 'routine' && t.periodId === span.id);
  if (routine.some((t) => isActive(t.state) && t.end >= from)) return undefined;
  const done = routine.filter((t) => t.state === 'completed').length;
  if (done >= input.cadence.visits) return undefined;
  const taskId = `${span.id}#R${from}`;
  return {
    span,
    taskId,
    window: { key: `${input.elderId}#${taskId}`, elderId: input.elderId, periodId: span.id, slot: done + 1, of: input.cadence.visits, start: from, end: span.end, opensAt: startOfDay(from), dueAt: endOfDay(span.end) },
  };
}
