import type { TaskSummary } from '../../shared/domain/task/task';
import type { DayProgress } from './run';
import type { SimulatedLeave, SimulatedMove } from './people-events';

export interface PeopleSummary {
  /** `closedByCover`: the covered tasks the cover finished (visited, or a supervisor closed) before the hand-back. */
  leave: (SimulatedLeave & { tasksToCoverByGeneration: number; tasksHandedBack: number; closedByCover: number }) | null;
  /** `tasksInNewVillage`: the moved elder's tasks in the new village by the end (those that followed, and those made there since). */
  move: (SimulatedMove & { tasksInNewVillage: number }) | null;
  /** New tasks left with nobody (the elder's visitor inactive or away uncovered), and the liaison notices about them. */
  tasksLeftOpen: number;
  unassignedNotices: number;
}

/** What the run's leave and move came to: tasks the cover got and did, handed back, tasks in the new village. */
export function peopleSummary(days: readonly DayProgress[], tasks: readonly (TaskSummary & { villageCode: string })[]): PeopleSummary {
  const leave = days.find((d) => d.leave)?.leave;
  const move = days.find((d) => d.move)?.move;
  const sum = (f: (d: DayProgress) => number) => days.reduce((a, d) => a + f(d), 0);
  return {
    leave: leave
      ? {
          ...leave,
          tasksToCoverByGeneration: sum((d) => d.generation.tasksToCovers),
          tasksHandedBack: sum((d) => d.generation.leaveReturns.tasksReturned),
          closedByCover: leave.tasksToCoverAtOnce + sum((d) => d.generation.tasksToCovers) - sum((d) => d.generation.leaveReturns.tasksReturned),
        }
      : null,
    move: move ? { ...move, tasksInNewVillage: tasks.filter((t) => t.elderId === move.elderId && t.villageCode === move.toVillage).length } : null,
    tasksLeftOpen: sum((d) => d.generation.tasksLeftOpen),
    unassignedNotices: sum((d) => d.generation.unassignedNotices),
  };
}
