import type { TaskRepository } from '../ports';
import type { Instant } from '../domain/time/instant';

/**
 * 家属已确认联系: a family member replied `1` to a notice about the elder's task, saying they
 * have contacted the elder. Recorded on the task — a history entry and `familyConfirmedAt`
 * (the first time) for the archive and reports — with a version-checked write. It is not a
 * visit: the task's state, visitor and escalation are left exactly as they were. `via` names the
 * reply, so handling the same reply again records nothing twice.
 */
export async function confirmFamilyContact(deps: { tasks: Pick<TaskRepository, 'get' | 'update'> }, ref: { elderId: string; taskId: string }, input: { at: Instant; by: string; via: string }): Promise<'recorded' | 'already' | 'missing'> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await deps.tasks.get(ref.elderId, ref.taskId);
    if (!task) return 'missing';
    if (task.history.some((h) => h.event === 'family_confirmed' && h.detail?.endsWith(`(${input.via})`))) return 'already';
    const entry = { at: input.at, event: 'family_confirmed' as const, by: input.by, detail: `家属回复1：已联系老人 (${input.via})` };
    if (await deps.tasks.update({ ...task, familyConfirmedAt: task.familyConfirmedAt ?? input.at, history: [...task.history, entry], version: task.version + 1 })) return 'recorded';
  }
  throw new Error(`task ${ref.elderId}#${ref.taskId} kept changing; the reply will be handled again when the provider posts it again`);
}
