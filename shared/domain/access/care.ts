import { isWithin } from '../elder/area-code';
import type { Role } from '../people/person';
import type { Task } from '../task/task';
import { SUPERVISING_ROLES } from './access';
import type { Decision, Principal } from './access';

/**
 * Who works an elder's needs and measures (闭环管理), follow-ups (跟踪回访) and smart devices.
 * Pure decisions over plain data, like access.ts.
 */

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** The township and above: who may record a follow-up they do not own (covering the owner) or close a referral. */
export const FOLLOW_UP_ROLES: readonly Role[] = ['instructor', 'supervisor', 'bureau', 'admin'];

const supervisesVillage = (p: Principal, villageCode: string) => p.roles.some((r) => SUPERVISING_ROLES.includes(r)) && isWithin(villageCode, p.areaCode);

/**
 * Reading an elder's needs and moving their measures: the elder's current visitors (who found
 * them and carry them out) and the supervisors of the elder's village (the liaison first).
 */
export function canWorkNeeds(p: Principal, villageCode: string, visitors: readonly string[]): Decision {
  if (!p.active) return deny('is no longer active');
  if (supervisesVillage(p, villageCode)) return allow;
  if (p.roles.includes('visitor') && visitors.includes(p.personId)) return allow;
  return deny(`may work the needs of their own elders, or of elders in the area they supervise (not village ${villageCode})`);
}

/**
 * Closing a referral (referred → followed up) without a follow-up task: the township and above
 * of the elder's area. 四川 000: 乡镇（街道）要对…转介服务落实情况进行跟踪回访.
 */
export function canCloseReferral(p: Principal, villageCode: string): Decision {
  if (!p.active) return deny('is no longer active');
  if (!p.roles.some((r) => FOLLOW_UP_ROLES.includes(r))) return deny('a referral is followed up by the township (镇(街道)指导员) or above');
  if (!isWithin(villageCode, p.areaCode)) return deny(`works in area ${p.areaCode}, which does not include village ${villageCode}`);
  return allow;
}

/**
 * Recording a follow-up's outcome (跟踪回访记录): its owner (the township instructor it is
 * assigned to, whatever their roles), or someone of the township or above in its area covering
 * for them. Never a visitor or a village liaison who is not its owner.
 */
export function canRecordFollowUp(p: Principal, task: Pick<Task, 'kind' | 'visitorId' | 'villageCode'>): Decision {
  if (!p.active) return deny('is no longer active');
  if (task.kind !== 'follow_up') return deny('is not a follow-up (跟踪回访): record a visit with POST /visits');
  if (task.visitorId !== undefined && task.visitorId === p.personId) return allow;
  const covering = canCloseReferral(p, task.villageCode);
  return covering.allowed ? allow : deny(`the follow-up belongs to ${task.visitorId ?? 'the township'}; ${covering.reason}`);
}

/** Registering or retiring an elder's smart devices: the elder's village liaison, or an administrator of the area. */
export function canManageDevices(p: Principal, villageCode: string): Decision {
  if (!p.active) return deny('is no longer active');
  if (!p.roles.some((r) => r === 'liaison' || r === 'admin')) return deny("only the elder's village liaison (村(居)联络员) or an administrator registers smart devices");
  if (!isWithin(villageCode, p.areaCode)) return deny(`works in area ${p.areaCode}, which does not include village ${villageCode}`);
  return allow;
}

/** Seeing an elder's devices and incidents: whoever works the elder's needs. */
export const canSeeDevices = canWorkNeeds;
