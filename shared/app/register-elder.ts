import { recordFromRegistration } from '../domain/ledger/elder-record';
import type { ElderRecord } from '../domain/ledger/elder-record';
import { elderRegistrationSchema } from '../domain/elder/registration';
import { apply, isActive } from '../domain/task/lifecycle';
import { toInstant } from '../domain/time/instant';
import { freezeIfClosed } from '../domain/task/outcome';
import { parseOrThrow } from '../domain/validation';
import type { Clock, ElderRepository, TaskRepository } from '../ports';

export interface RegisterElderDeps {
  elders: ElderRepository;
  tasks: TaskRepository;
  clock: Clock;
}

export interface RegisterElderResult {
  record: ElderRecord;
  created: boolean;
  /** Tasks cancelled because the elder stopped being served (moved, died, in hospital, consent withdrawn). */
  tasksCancelled: number;
}

/**
 * Adds an elder to the ledger or updates them (the registration form is the whole truth).
 *
 * 1. Validates the form; every broken rule is named with its field.
 * 2. Saves it with a version check, retrying on a concurrent edit, so no update is lost.
 * 3. When the elder is no longer served (status other than active, or consent withdrawn), the
 *    tasks still open whose window reaches the status date are cancelled with the reason.
 *    The elder drops out of the generation index; their history stays.
 */
export async function registerElder(deps: RegisterElderDeps, input: unknown): Promise<RegisterElderResult> {
  const registration = parseOrThrow(elderRegistrationSchema, input, 'elder registration');
  const at = toInstant(deps.clock.now());
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await deps.elders.get(registration.id);
    const record = recordFromRegistration(registration, at, previous);
    if (!(await deps.elders.save(record))) continue;
    const tasksCancelled = await cancelIfNoLongerServed(deps, record, at);
    return { record, created: previous === undefined, tasksCancelled };
  }
  throw new Error(`elder ${registration.id} kept changing while being saved; nothing was lost, try again`);
}

async function cancelIfNoLongerServed(deps: RegisterElderDeps, record: ElderRecord, at: string): Promise<number> {
  const { state, since } = record.status;
  const reason = !record.consent.visits ? 'the elder withdrew consent to visits' : state !== 'active' ? `elder status ${state} since ${since}` : undefined;
  if (!reason) return 0;
  const from = record.consent.visits ? since : at.slice(0, 10);
  let cancelled = 0;
  for (const task of await deps.tasks.forElder(record.elderId)) {
    if (!isActive(task.state) || task.end < from) continue;
    const status = apply(task, { type: 'cancel', reason });
    const updated = { ...freezeIfClosed(task, at), ...status, closedReason: reason, history: [...task.history, { at, event: 'cancel' as const, by: 'ledger', detail: reason }], version: task.version + 1 };
    if (await deps.tasks.update(updated)) cancelled++;
  }
  return cancelled;
}
