import { areaLevel, isWithin } from '../elder/area-code';
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

/**
 * Who visits an elder now: the visitors of the elder's open visit tasks (routine and special;
 * follow-ups belong to the township), or, when none is open, the elder's named visitor. A task
 * reassigned to another visitor takes the elder's record with it, and from the former one.
 */
export function currentVisitors(elder: { visitorId?: string | undefined }, openTasks: readonly Pick<Task, 'kind' | 'visitorId'>[]): string[] {
  const holders = [...new Set(openTasks.filter((t) => t.kind !== 'follow_up' && t.visitorId !== undefined).map((t) => t.visitorId!))];
  if (holders.length > 0) return holders;
  return elder.visitorId !== undefined ? [elder.visitorId] : [];
}

/**
 * The view a principal gets of an elder in a village. `visitors` are the elder's current
 * visitors (currentVisitors); without them, the elder's named visitor.
 */
export function elderView(p: Principal, elder: { villageCode: string; visitorId?: string | undefined }, visitors?: readonly string[]): ElderView {
  if (!p.active) return 'none';
  if (supervises(p, elder.villageCode)) return 'full';
  const current = visitors ?? (elder.visitorId !== undefined ? [elder.visitorId] : []);
  if (p.roles.includes('visitor') && current.includes(p.personId)) return 'visit';
  return 'none';
}

/** Why a person may not be named as an elder's (or a task's) visitor in a village, or undefined when they may. */
export function visitorProblem(person: Pick<Person, 'personId' | 'roles' | 'areaCode' | 'active'> | undefined, villageCode: string): string | undefined {
  if (!person) return 'names nobody on the roster';
  if (!person.active) return `${person.personId} is no longer active`;
  if (!person.roles.includes('visitor')) return `${person.personId} is not a visitor (探访人员)`;
  if (!servesVillage(person.areaCode, villageCode)) return `${person.personId} works in area ${person.areaCode}, outside the township of village ${villageCode}`;
  return undefined;
}

/**
 * A visitor serves the villages of their area, and a village visitor also the other villages
 * of their township: the township instructor manages its visitors as one team, and covering a
 * neighbouring village (a colleague on leave) is everyday work. Another township is not.
 */
export function servesVillage(visitorArea: string, villageCode: string): boolean {
  if (isWithin(villageCode, visitorArea)) return true;
  return areaLevel(visitorArea) === 'village' && visitorArea.slice(0, 9) === villageCode.slice(0, 9);
}

/** Reading or changing the ledger entry of an elder (create, update, change status). */
export function canEditElder(p: Principal, villageCode: string): Decision {
  if (!p.active) return deny('is no longer active');
  if (!p.roles.some((r) => r === 'liaison' || r === 'instructor' || r === 'admin')) return deny('only a village liaison, township instructor or administrator keeps the ledger');
  if (!isWithin(villageCode, p.areaCode)) return deny(`works in area ${p.areaCode}, which does not include village ${villageCode}`);
  return allow;
}

/**
 * Writing an elder's form by any path (the API, a ledger import): the writer must keep the
 * ledger of the village the elder lives in now and of the one the form puts them in.
 */
export function canWriteElder(p: Principal, currentVillage: string | undefined, nextVillage: string): Decision {
  if (currentVillage !== undefined) {
    const current = canEditElder(p, currentVillage);
    if (!current.allowed) return current;
  }
  return canEditElder(p, nextVillage);
}

/** Seeing a task: its visitor, or a supervisor of its village. */
export function canSeeTask(p: Principal, task: Pick<Task, 'visitorId' | 'villageCode'>): Decision {
  if (!p.active) return deny('is no longer active');
  if (supervises(p, task.villageCode)) return allow;
  if (p.roles.includes('visitor') && task.visitorId === p.personId) return allow;
  return deny('may see only their own tasks, or tasks in the area they supervise');
}

/** Recording a visit against a task: only the visitor it is assigned to (or, unassigned, a visitor of the village's area). */
export function canRecordVisit(p: Principal, task: Pick<Task, 'visitorId' | 'villageCode'> & { kind?: Task['kind'] }): Decision {
  if (!p.active) return deny('is no longer active');
  // A follow-up's owner is the township, not a visitor: its outcome has its own record (care.ts canRecordFollowUp).
  if (task.kind === 'follow_up') return deny('a follow-up (跟踪回访) is recorded by its owner with POST /tasks/{elderId}/{taskId}/follow-up');
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
