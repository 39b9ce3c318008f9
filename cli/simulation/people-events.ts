import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { registerElder } from '../../shared/app/register-elder';
import { recordLeave } from '../../shared/app/visitor-leave';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { Person } from '../../shared/domain/people/person';
import { addDays } from '../../shared/domain/time/local-date';
import type { LocalDate } from '../../shared/domain/time/local-date';
import { statusForm } from '../../shared/http/elder-status';
import type { Clock } from '../../shared/ports';

/** A visitor away with a colleague covering (请假, 代班), as the simulation saw it. */
export interface SimulatedLeave {
  visitorId: string;
  coverId: string;
  from: LocalDate;
  to: LocalDate;
  /** Open tasks due on the leave's days given to the cover when the leave was recorded. */
  tasksToCoverAtOnce: number;
}

/** An elder who moved to another village of the township (迁居), as the simulation saw it. */
export interface SimulatedMove {
  elderId: string;
  /** The masked name (张*华), as SMS and lists show it. */
  elder: string;
  fromVillage: string;
  toVillage: string;
  newVisitorId: string | undefined;
  tasksFollowed: number;
}

type Deps = Repositories & { clock: Clock; runtime: RegionRuntime };

/**
 * The township instructor records a week's leave for the busiest visitor of the first
 * township, covered by a colleague of a neighbouring village; the tasks due that week go to the
 * cover at once, new ones as they are generated, and what is left comes back the morning after.
 */
export async function simulateLeave(deps: Deps, people: readonly Person[], township: string, date: LocalDate): Promise<SimulatedLeave | undefined> {
  const visitors = people.filter((p) => p.roles.includes('visitor') && p.active && p.areaCode.startsWith(township));
  const loads = await Promise.all(visitors.map(async (p) => [p, (await deps.tasks.openForVisitor(p.personId)).length] as const));
  const busiest = loads.sort((a, b) => b[1] - a[1])[0]?.[0];
  const cover = busiest && visitors.find((p) => p.areaCode !== busiest.areaCode && p.phone !== undefined);
  const instructor = people.find((p) => p.roles.includes('instructor') && p.areaCode === township);
  if (!busiest || !cover || !instructor) return undefined;
  const to = addDays(date, 6);
  const result = await recordLeave(deps, { principal: instructor, visitorId: busiest.personId, request: { from: date, to, coverId: cover.personId, reason: '病假' } });
  return { visitorId: busiest.personId, coverId: cover.personId, from: date, to, tasksToCoverAtOnce: result.tasksWithCover };
}

/**
 * An elder of the township with open tasks moves to another of its villages: the status route's
 * form (moved, with where to), saved as the liaison would; the open tasks follow, and the new
 * village's visitor is told.
 */
export async function simulateMove(deps: Deps, people: readonly Person[], township: string, date: LocalDate): Promise<SimulatedMove | undefined> {
  const page = await deps.elders.pageInArea({ county: township.slice(0, 6), prefix: township }, 200);
  const villages = [...new Set(people.filter((p) => p.roles.includes('liaison') && p.areaCode.startsWith(township)).map((p) => p.areaCode))];
  for (const elder of page.items) {
    if (elder.status.state !== 'active' || !(await deps.tasks.forElder(elder.elderId)).some((t) => t.kind === 'routine' && t.state === 'assigned')) continue;
    const toVillage = villages.find((v) => v !== elder.villageCode);
    const record = await deps.elders.get(elder.elderId);
    if (!toVillage || !record) continue;
    const newVisitor = people.find((p) => p.roles.includes('visitor') && p.areaCode === toVillage && p.active);
    const instructor = people.find((p) => p.roles.includes('instructor') && p.areaCode === township)!;
    const form = await statusForm(deps, record.registration, {
      state: 'moved',
      since: date,
      moveTo: { areaCode: toVillage, areaName: `${toVillage.slice(-3)}号村`, address: '新居1号', ...(newVisitor ? { visitorId: newVisitor.personId } : {}) },
    });
    const saved = await registerElder(deps, form, { mode: 'update', actor: instructor });
    return { elderId: record.elderId, elder: record.maskedName, fromVillage: elder.villageCode, toVillage, newVisitorId: saved.record.visitorId, tasksFollowed: saved.tasksMoved };
  }
  return undefined;
}
