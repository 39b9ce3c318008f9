import { assigneeFor } from '../domain/people/leave';
import type { Assignee, Leave } from '../domain/people/leave';
import type { Person } from '../domain/people/person';
import type { Task } from '../domain/task/task';
import type { LeaveRepository, PersonRepository } from '../ports';

interface VisitorState {
  person: Person | undefined;
  leaves: Leave[];
  covers: Map<string, Person | undefined>;
}

/** Why a new task was left without a visitor, in the history and the liaison's count. */
const UNASSIGNED_WORDS: Record<Extract<Assignee, { visitorId: undefined }>['unassigned'], string> = {
  inactive: 'is no longer active',
  on_leave: 'is on leave with nobody covering',
  cover_unavailable: 'is on leave and the cover cannot take it (inactive, or outside the village)',
};

/**
 * Who gets the new tasks of a run (generation, a special period): the elder's visitor, the
 * colleague covering their leave, or nobody when the visitor is inactive or away uncovered.
 * Each visitor's roster entry and leaves are read once per run.
 */
export class Assignees {
  private readonly states = new Map<string, Promise<VisitorState>>();
  /** Tasks left open because nobody could take them: the village liaison is told. */
  readonly unassigned: Task[] = [];

  constructor(private readonly deps: { people: Pick<PersonRepository, 'get'>; leaves?: Pick<LeaveRepository, 'forVisitor'> | undefined }) {}

  /** The task as it should be stored: with the visitor who will do it, or open, the history saying why. */
  async assign(task: Task): Promise<Task> {
    const visitorId = task.visitorId;
    if (visitorId === undefined) return task;
    const state = await this.stateOf(visitorId);
    const leave = state.leaves.find((l) => l.from <= task.end && task.end <= l.to);
    const cover = leave?.coverId !== undefined ? await this.coverOf(state, leave.coverId) : undefined;
    const assignee = assigneeFor(state.person, state.leaves, cover, task.villageCode, task.end);
    if (assignee.visitorId === visitorId) return task;
    const [created, ...rest] = task.history;
    if (assignee.visitorId === undefined) {
      const detail = `no visitor: ${visitorId} ${UNASSIGNED_WORDS[assignee.unassigned]}; left open and the village liaison told`;
      const open: Task = { ...task, visitorId: undefined, state: 'open', history: [{ ...created!, detail }, ...rest] };
      this.unassigned.push(open);
      return open;
    }
    const detail = `visitor ${assignee.visitorId}, covering the leave of ${visitorId} (${leave!.from}–${leave!.to})`;
    return { ...task, visitorId: assignee.visitorId, cover: assignee.cover, history: [{ ...created!, detail }, ...rest] };
  }

  private stateOf(visitorId: string): Promise<VisitorState> {
    let state = this.states.get(visitorId);
    if (!state) {
      state = (async () => ({ person: await this.deps.people.get(visitorId), leaves: this.deps.leaves ? (await this.deps.leaves.forVisitor(visitorId)).leaves : [], covers: new Map() }))();
      this.states.set(visitorId, state);
    }
    return state;
  }

  private async coverOf(state: VisitorState, coverId: string): Promise<Person | undefined> {
    if (!state.covers.has(coverId)) state.covers.set(coverId, await this.deps.people.get(coverId));
    return state.covers.get(coverId);
  }
}
