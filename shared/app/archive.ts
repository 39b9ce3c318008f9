import { elderView } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import type { ElderRegistration } from '../domain/elder/registration';
import type { ElderStatus } from '../domain/ledger/elder-record';
import { classify } from '../domain/policy/classify';
import { careSummary } from '../domain/ledger/care-summary';
import type { CareSummary } from '../domain/ledger/care-summary';
import type { Task } from '../domain/task/task';
import { toInstant, toMillis } from '../domain/time/instant';
import type { VisitRecord } from '../domain/visit/visit-form';
import type { RegionRuntime } from '../config/region-config';
import type { AuditLog, Clock, ElderRepository, NeedRepository, TaskArchive, TaskRepository, VisitRepository } from '../ports';
import type { ArchivedTask } from '../domain/task/archived';
import { needKeyOf } from '../domain/care/need';
import type { Measure } from '../domain/care/measure';
import { NotFoundError } from './errors';
import { ForbiddenError } from './supervise';

export interface ArchiveDeps {
  elders: ElderRepository;
  visits: VisitRepository;
  tasks: TaskRepository;
  /** Closed tasks the hot table let expire (absent: the hot table only). */
  taskArchive?: Pick<TaskArchive, 'forElder'>;
  needs: NeedRepository;
  audit: AuditLog;
  clock: Clock;
  runtime: RegionRuntime;
}

/** A task as the archive lists it: what was asked, what happened, and its history. */
export type ArchiveTask = Pick<Task, 'taskId' | 'kind' | 'tier' | 'state' | 'start' | 'end' | 'dueAt' | 'completedAt' | 'late' | 'visitorId' | 'closedReason' | 'occasions' | 'followUpCause' | 'outcome' | 'history'>;

/** 一人一档: everything the service holds about one elder, for the file and for printing. */
export interface ElderArchive {
  elderId: string;
  generatedAt: string;
  generatedBy: string;
  purpose: string;
  /** The registration form as it stands (信息登记表), ID number included. */
  registration: ElderRegistration;
  ledger: { version: number; updatedAt: string; registeredOn?: string | undefined; visitorId?: string | undefined; tier?: string | undefined; tierName?: string | undefined };
  /** The tier and why, 待评估, consent to home visits (and refusals withdrawn), the ledger review. */
  care: CareSummary;
  /** Status changes, oldest first, the current one last. */
  statuses: ElderStatus[];
  /** Every visit record in full (探访关爱服务记录表), oldest first. */
  visits: VisitRecord[];
  /** Needs found on visits and the measure answering each (闭环管理). */
  needs: { visitId: string; visitedAt: string; needId: string; description: string; measure?: { description: string; status: string } | undefined; measures?: Measure[] | undefined }[];
  followUps: ArchiveTask[];
  /** Tasks that were escalated, with every escalation, acknowledgement, reassignment and resolution. */
  escalations: ArchiveTask[];
  specialPeriods: ArchiveTask[];
  routine: { total: number; visited: number; missed: number; late: number; fake: number; open: number; cancelled: number };
}

const view = (t: ArchivedTask): ArchiveTask => ({
  taskId: t.taskId,
  kind: t.kind,
  tier: t.tier,
  state: t.state,
  start: t.start,
  end: t.end,
  dueAt: t.dueAt,
  completedAt: t.completedAt,
  late: t.late,
  visitorId: t.visitorId,
  closedReason: t.closedReason,
  occasions: t.occasions,
  followUpCause: t.followUpCause,
  outcome: t.outcome,
  history: t.history,
});

/**
 * The elder's archive, for a supervising role of the elder's area only (it holds the whole form,
 * ID number included). Like a full read, it needs a purpose and is written to the audit table
 * before anything is returned.
 */
export async function elderArchive(deps: ArchiveDeps, request: { principal: Principal; elderId: string; purpose: string; requestId: string }): Promise<ElderArchive> {
  const record = await deps.elders.get(request.elderId);
  if (!record) throw new NotFoundError(`no elder ${request.elderId}`);
  if (elderView(request.principal, record) !== 'full') throw new ForbiddenError(`${request.principal.personId} may not see the archive of elder ${request.elderId}`);
  const at = toInstant(deps.clock.now());
  await deps.audit.record({ elderId: record.elderId, at, personId: request.principal.personId, roles: [...request.principal.roles], action: 'archive', purpose: request.purpose, requestId: request.requestId });
  const [visits, hot, archived, needRecords] = await Promise.all([deps.visits.forElder(record.elderId), deps.tasks.forElder(record.elderId), deps.taskArchive?.forElder(record.elderId) ?? [], deps.needs.forElder(record.elderId)]);
  // The hot table's tasks as they stand, and those it let expire as the archive kept them.
  const held = new Set(hot.map((t) => t.taskId));
  const tasks: ArchivedTask[] = [...hot, ...archived.filter((t) => !held.has(t.taskId))];
  const needByKey = new Map(needRecords.map((n) => [n.needKey, n]));
  visits.sort((a, b) => toMillis(a.visitedAt) - toMillis(b.visitedAt));
  tasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.taskId.localeCompare(b.taskId));
  const tier = classify(record.profile, deps.runtime.policy, at.slice(0, 10));
  const routine = tasks.filter((t) => t.kind === 'routine');
  const count = (f: (t: ArchivedTask) => boolean) => routine.filter(f).length;
  return {
    elderId: record.elderId,
    generatedAt: at,
    generatedBy: request.principal.personId,
    purpose: request.purpose,
    registration: record.registration,
    ledger: { version: record.version, updatedAt: record.updatedAt, registeredOn: record.registeredOn, visitorId: record.visitorId, ...(tier.eligible ? { tier: tier.tier, tierName: tier.tierName } : {}) },
    care: careSummary(record, deps.runtime.policy, at.slice(0, 10)),
    statuses: [...record.statusHistory, record.status],
    visits,
    // A need recorded since needs have their own records shows where its measures stand now (every step); older ones as the form said.
    needs: visits.flatMap((v) =>
      v.needs.map((n) => {
        const kept = needByKey.get(needKeyOf(v.visitId, n.needId));
        const latest = kept?.measures.at(-1);
        const m: { description: string; status: string } | undefined = latest ? { description: latest.description, status: latest.state } : v.measures.find((x) => x.needId === n.needId);
        return { visitId: v.visitId, visitedAt: v.visitedAt, needId: n.needId, description: n.description, ...(m ? { measure: { description: m.description, status: m.status } } : {}), ...(kept ? { measures: kept.measures } : {}) };
      }),
    ),
    followUps: tasks.filter((t) => t.kind === 'follow_up').map(view),
    escalations: tasks.filter((t) => (t.escalation?.level ?? 0) > 0 || t.history.some((h) => h.event === 'escalate')).map(view),
    specialPeriods: tasks.filter((t) => t.kind === 'special').map(view),
    routine: {
      total: routine.length,
      visited: count((t) => t.outcome?.result === 'visited'),
      missed: count((t) => t.outcome?.result === 'missed'),
      late: count((t) => t.outcome?.result === 'late'),
      fake: count((t) => t.outcome?.result === 'fake'),
      open: count((t) => t.outcome === undefined && t.state !== 'cancelled'),
      cancelled: count((t) => t.outcome === undefined && t.state === 'cancelled'),
    },
  };
}
