import { acknowledgeTask, reassignTask, resolveTask } from '../../shared/app/supervise';
import type { SuperviseDeps } from '../../shared/app/supervise';
import type { EscalationReport } from '../../shared/app/escalate-overdue';
import type { Person } from '../../shared/domain/people/person';
import { Random } from './random';

export interface SupervisorActions {
  acknowledged: number;
  reassigned: number;
  resolved: number;
}

/**
 * What supervisors do the morning after an escalation SMS: a liaison mostly acknowledges and
 * chases the visitor; an instructor or supervisor reassigns to the village's other visitor, or
 * closes the task when the elder is in hospital. Decided from the seed, so reruns agree.
 */
export async function superviseEscalations(deps: SuperviseDeps, seed: number, notified: EscalationReport['notified'], visitors: readonly Person[]): Promise<SupervisorActions> {
  const actions: SupervisorActions = { acknowledged: 0, reassigned: 0, resolved: 0 };
  for (const { personId, level, taskRefs } of notified) {
    for (const ref of taskRefs) {
      const [elderId, ...rest] = ref.split('#');
      const taskId = rest.join('#');
      const task = await deps.tasks.get(elderId!, taskId);
      if (!task || (task.state !== 'missed' && task.state !== 'assigned' && task.state !== 'open')) continue;
      const r = Random.for(seed, `supervise:${ref}:${level}`);
      const base = { elderId: elderId!, taskId, by: personId };
      if (level === 1) {
        if (r.chance(0.6)) {
          await acknowledgeTask(deps, base);
          actions.acknowledged++;
        }
        continue;
      }
      if (r.chance(0.1)) {
        await resolveTask(deps, { ...base, resolution: 'hospitalised', note: '老人住院，出院后恢复探访' });
        actions.resolved++;
        continue;
      }
      const other = visitors.find((v) => v.areaCode === task.villageCode && v.personId !== task.visitorId && v.phone !== undefined);
      if (other) {
        await reassignTask(deps, { ...base, toVisitorId: other.personId, reason: '原探访人员未按时探访，改派' });
        actions.reassigned++;
      } else {
        await acknowledgeTask(deps, base);
        actions.acknowledged++;
      }
    }
  }
  return actions;
}
