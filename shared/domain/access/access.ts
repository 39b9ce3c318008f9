import { isWithin } from '../elder/area-code';
import type { ElderRegistration } from '../elder/registration';
import type { Person, Role } from '../people/person';
import type { Task } from '../task/task';

/**
 * Who may see and do what (issue 6's area-scoped access), as pure decisions over plain data.
 * Every person is bound to one area; supervising roles reach that area's subtree; a visitor
 * reaches only the elders and tasks assigned to them. The API (and, locally, `tanfang serve`)
 * asks these functions and nothing else.
 */
export type Principal = Pick<Person, 'personId' | 'roles' | 'areaCode' | 'active'>;

/** Roles that supervise an area's subtree (村(居)联络员 … 民政局, and administrators). */
export const SUPERVISING_ROLES: readonly Role[] = ['liaison', 'instructor', 'supervisor', 'bureau', 'admin'];

/** How much of an elder's record a principal may see. */
export type ElderView =
  /** Everything, ID number included (supervising roles in the area; each read is audit-logged). */
  | 'full'
  /** What a visit needs: name, address, phones, contacts, the facts that change how to visit; no ID number, income or disability certificate. */
  | 'visit'
  | 'none';

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

function supervises(p: Principal, villageCode: string): boolean {
  return p.roles.some((r) => SUPERVISING_ROLES.includes(r)) && isWithin(villageCode, p.areaCode);
}

/** The view a principal gets of an elder in a village, given whether the elder is assigned to them. */
export function elderView(p: Principal, elder: { villageCode: string; visitorId?: string | undefined }): ElderView {
  if (!p.active) return 'none';
  if (supervises(p, elder.villageCode)) return 'full';
  if (p.roles.includes('visitor') && elder.visitorId === p.personId) return 'visit';
  return 'none';
}

/** Reading or changing the ledger entry of an elder (create, update, change status). */
export function canEditElder(p: Principal, villageCode: string): Decision {
  if (!p.active) return deny('is no longer active');
  if (!p.roles.some((r) => r === 'liaison' || r === 'instructor' || r === 'admin')) return deny('only a village liaison, township instructor or administrator keeps the ledger');
  if (!isWithin(villageCode, p.areaCode)) return deny(`works in area ${p.areaCode}, which does not include village ${villageCode}`);
  return allow;
}

/** Seeing a task: its visitor, or a supervisor of its village. */
export function canSeeTask(p: Principal, task: Pick<Task, 'visitorId' | 'villageCode'>): Decision {
  if (!p.active) return deny('is no longer active');
  if (supervises(p, task.villageCode)) return allow;
  if (p.roles.includes('visitor') && task.visitorId === p.personId) return allow;
  return deny('may see only their own tasks, or tasks in the area they supervise');
}

/** Recording a visit against a task: only the visitor it is assigned to (or, unassigned, a visitor of the village's area). */
export function canRecordVisit(p: Principal, task: Pick<Task, 'visitorId' | 'villageCode'>): Decision {
  if (!p.active) return deny('is no longer active');
  if (!p.roles.includes('visitor')) return deny('only a visitor records visits');
  if (task.visitorId === undefined) return isWithin(task.villageCode, p.areaCode) ? allow : deny(`works in area ${p.areaCode}, which does not include village ${task.villageCode}`);
  return task.visitorId === p.personId ? allow : deny('the task is assigned to another visitor');
}

/** Acknowledging, reassigning or resolving an overdue task. */
export function canSupervise(p: Principal, villageCode: string): Decision {
  if (!p.active) return deny('is no longer active');
  if (!p.roles.some((r) => SUPERVISING_ROLES.includes(r))) return deny('is not a supervisor (liaison, instructor, supervisor, bureau or admin)');
  if (!isWithin(villageCode, p.areaCode)) return deny(`supervises area ${p.areaCode}, which does not include village ${villageCode}`);
  return allow;
}

/** Adding or changing a person: an administrator in the area, or an instructor for the visitors and liaisons of their township. */
export function canManagePerson(p: Principal, person: Pick<Person, 'roles' | 'areaCode'>): Decision {
  if (!p.active) return deny('is no longer active');
  if (!isWithin(person.areaCode, p.areaCode)) return deny(`works in area ${p.areaCode}, which does not include area ${person.areaCode}`);
  if (p.roles.includes('admin')) return allow;
  if (p.roles.includes('instructor') && person.roles.every((r) => r === 'visitor' || r === 'liaison')) return allow;
  return deny('only an administrator manages people (an instructor: the visitors and liaisons of their township)');
}

/** Reading visit rates of an area: supervising roles, for an area inside their own. */
export function canReadRates(p: Principal, areaCode: string): Decision {
  if (!p.active) return deny('is no longer active');
  if (!p.roles.some((r) => SUPERVISING_ROLES.includes(r))) return deny('visit rates are for supervisors');
  if (!isWithin(areaCode, p.areaCode)) return deny(`supervises area ${p.areaCode}, which does not include area ${areaCode}`);
  return allow;
}

/** Posting a weather warning or importing the ledger: administrators. */
export function canAdminister(p: Principal): Decision {
  if (!p.active) return deny('is no longer active');
  return p.roles.includes('admin') ? allow : deny('only an administrator may do this');
}

/** The fields of a registration a visit needs (view `visit`). */
export type VisitorElder = Pick<
  ElderRegistration,
  'id' | 'name' | 'sex' | 'phones' | 'residence' | 'categories' | 'abilityLevel' | 'bedridden' | 'dementia' | 'mobilityImpaired' | 'livingConditions' | 'emergencyContacts' | 'firstVisitContacts' | 'consent' | 'status'
>;

/** A registration cut to a view: `full` is the whole form; `visit` drops the ID number, income, certificate and household details. */
export function redactElder(reg: ElderRegistration, view: 'full'): ElderRegistration;
export function redactElder(reg: ElderRegistration, view: 'visit'): VisitorElder;
export function redactElder(reg: ElderRegistration, view: Exclude<ElderView, 'none'>): ElderRegistration | VisitorElder {
  if (view === 'full') return reg;
  const { id, name, sex, phones, residence, categories, abilityLevel, bedridden, dementia, mobilityImpaired, livingConditions, emergencyContacts, firstVisitContacts, consent, status } = reg;
  return { id, name, sex, phones, residence, categories, abilityLevel, bedridden, dementia, mobilityImpaired, livingConditions, emergencyContacts, firstVisitContacts, consent, status };
}
