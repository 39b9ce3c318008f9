import { createHash } from 'node:crypto';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { addDays, daysBetween } from '../../shared/domain/time/local-date';
import type { LocalDate } from '../../shared/domain/time/local-date';
import { UNEVENTFUL_FINDINGS } from './visit-form';
import type { World } from './world';

const hash = (text: string) => createHash('sha1').update(text).digest().readUInt32BE(0) / 2 ** 32;

/**
 * Runs the service day by day on the world's clock: generation at 06:00, visits at 10:00 (recorded at 11:00) for the
 * tasks a seeded draw picks (`share` in their window, some late, some too short to look real),
 * and the escalation run at 23:30 and just after midnight, so every closing window is marked.
 */
export async function runDays(world: World, from: LocalDate, to: LocalDate, options: { share?: number; lateShare?: number; shortShare?: number; seed?: string } = {}): Promise<void> {
  const deps = { ...world.repos, clock: world.clock, runtime: world.runtime, limit: 10_000 };
  for (let day = from; day <= to; day = addDays(day, 1)) {
    world.clock.set(`${day}T06:00:00+08:00`);
    await generateTasks(deps);
    // Visits made at 10:00 are recorded after check-out: the recording clock never runs behind the form.
    world.clock.set(`${day}T11:00:00+08:00`);
    for (const t of await allOpen(world)) {
      if (t.visitorId === undefined || t.kind !== 'routine') continue;
      const r = hash(`${options.seed ?? 's'}|${t.elderId}|${t.taskId}`);
      const inWindow = r < (options.share ?? 0.8);
      const days = daysBetween(t.start, t.end) + 1;
      const visitDay = inWindow ? addDays(t.start, Math.floor(hash(`d|${t.elderId}|${t.taskId}`) * days)) : r < (options.share ?? 0.8) + (options.lateShare ?? 0.1) ? addDays(t.end, 1) : undefined;
      if (visitDay !== day) continue;
      const short = hash(`short|${t.elderId}|${t.taskId}`) < (options.shortShare ?? 0.1);
      await recordVisit(deps, {
        visitId: `v-${t.elderId}-${t.taskId.replace(/[^A-Za-z0-9]/g, '')}`,
        elderId: t.elderId,
        taskId: t.taskId,
        visitorId: t.visitorId,
        visitedAt: `${day}T10:00:00+08:00`,
        method: t.methods.includes('home') ? 'home' : t.methods[0]!,
        checkIn: `${day}T10:00:00+08:00`,
        checkOut: `${day}T10:${short ? '03' : '40'}:00+08:00`,
        ...UNEVENTFUL_FINDINGS,
      });
    }
    world.clock.set(`${day}T23:30:00+08:00`);
    await escalateOverdue(deps);
    world.clock.set(`${addDays(day, 1)}T00:05:00+08:00`);
    await escalateOverdue(deps);
  }
}

/** Every active task of every visitor (the open-by-visitor index), as the phones list them. */
async function allOpen(world: World) {
  const people = new Set<string>();
  for (const village of await villages(world)) for (const p of await world.repos.people.inArea(village)) if (p.roles.includes('visitor')) people.add(p.personId);
  return (await Promise.all([...people].map((p) => world.repos.tasks.openForVisitor(p)))).flat();
}

let villageCache: { world: World; codes: string[] } | undefined;
async function villages(world: World): Promise<string[]> {
  if (villageCache?.world === world) return villageCache.codes;
  const codes = new Set<string>();
  for await (const e of world.repos.elders.inArea({ county: world.runtime.config.deploymentArea.slice(0, 6) })) codes.add(e.villageCode);
  villageCache = { world, codes: [...codes] };
  return villageCache.codes;
}
