import type { Ladder } from '../escalation/ladder';
import { handedOver } from '../task/handover';
import { isActive } from '../task/lifecycle';
import type { Task } from '../task/task';
import type { Instant } from '../time/instant';
import type { LocalDate } from '../time/local-date';
import type { ElderRegistration } from '../elder/registration';
import type { ElderRecord } from './elder-record';

/**
 * What a saved form changes about where an elder lives and whether they are home, kept on the
 * version until its follow-up steps finish (an interrupted save carries it into the next one):
 * - `areaChange`: the elder moved to another village of the deployment; open tasks follow;
 * - `returned`: back home after a hospital stay; the rest of the current period is owed.
 */
export interface LifeChanges {
  areaChange?: { fromVillage: string } | undefined;
  returned?: { on: LocalDate } | undefined;
}

export function lifeChangesOf(reg: ElderRegistration, previous: ElderRecord | undefined): LifeChanges {
  if (!previous) return {};
  const unsettled = previous.settledVersion !== previous.version;
  const moved = previous.villageCode !== reg.residence.areaCode;
  const areaChange = moved ? { fromVillage: previous.villageCode } : unsettled ? previous.areaChange : undefined;
  const back = previous.status.state === 'hospitalised' && reg.status.state === 'active';
  const returned = back ? { on: reg.status.since > previous.status.since ? reg.status.since : previous.status.since } : unsettled && reg.status.state === 'active' ? previous.returned : undefined;
  return { ...(areaChange ? { areaChange } : {}), ...(returned ? { returned } : {}) };
}

/**
 * An open task of an elder who moved (迁居): it takes the new village, township and county, and
 * the elder's visitor there (history on the task; with no visitor named it is open again, for
 * the liaison to assign). A follow-up only follows the area: it belongs to the township.
 * Undefined when the task already lives in the new village.
 */
export function movedTask(task: Task, record: Pick<ElderRecord, 'villageCode' | 'villageName' | 'townshipCode' | 'countyCode' | 'visitorId'>, at: Instant, escalation: { ladder: Ladder; graceHours: number }): Task | undefined {
  if (!isActive(task.state) || task.villageCode === record.villageCode) return undefined;
  const area = { villageCode: record.villageCode, villageName: record.villageName, townshipCode: record.townshipCode, countyCode: record.countyCode };
  const reason = `the elder moved from ${task.villageName} (${task.villageCode}) to ${record.villageName} (${record.villageCode})`;
  if (task.kind === 'follow_up' || task.visitorId === record.visitorId || (task.visitorId === undefined && record.visitorId === undefined)) {
    return { ...task, ...area, history: [...task.history, { at, event: 'move', by: 'ledger', detail: reason }], version: task.version + 1 };
  }
  return handedOver(task, record.visitorId, at, 'ledger', reason, escalation, { ...area, cover: undefined });
}
