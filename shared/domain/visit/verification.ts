import type { Task } from '../task/task';
import { toMillis } from '../time/instant';
import type { VisitForm } from './visit-form';

/**
 * Signs of a fake visit (不探访假探访), after electronic visit verification in home care. A flag
 * never rejects a visit — visitors work in places with bad signal and old phones — it makes the
 * visit visible to supervisors and counts in reports.
 */
export const VISIT_FLAGS = ['far_from_home', 'too_short', 'outside_window', 'bulk_entry', 'copied_record'] as const;
export type VisitFlagKind = (typeof VISIT_FLAGS)[number];

export interface VisitFlag {
  kind: VisitFlagKind;
  /** In words a supervisor understands, with the figures that raised it. */
  detail: string;
}

export interface VerificationRules {
  /** A home visit checked in farther than this from the elder's address is flagged. */
  maxDistanceMeters: number;
  /** A home visit shorter than this (check-in to check-out) is flagged. */
  minHomeVisitMinutes: number;
  /** Two home visits to different elders by one visitor this close together are flagged as bulk entry (nobody travels and visits that fast). */
  bulkWindowMinutes: number;
}

export const DEFAULT_VERIFICATION: VerificationRules = { maxDistanceMeters: 500, minHomeVisitMinutes: 10, bulkWindowMinutes: 10 };

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** What verification compares a visit with. */
export interface VerificationContext {
  task: Pick<Task, 'opensAt' | 'dueAt'>;
  /** The elder's address, geocoded, when known. */
  home?: GeoPoint | undefined;
  /** The elder's previous visit record, if any. */
  previous?: VisitForm | undefined;
  /** The same visitor's other visits around this one (any elder). */
  nearbyByVisitor: readonly Pick<VisitForm, 'visitId' | 'elderId' | 'visitedAt' | 'method'>[];
  rules?: VerificationRules;
}

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in metres (haversine): ample precision at the scale of a village. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The parts of a record a visitor writes about the elder: identical twice running is a copy. */
function content(form: VisitForm): string {
  const { household, health, mood, safety, hygiene, indoorEnvironment, servicesGiven, needs, measures, suggestions, satisfaction, emergency } = form;
  return JSON.stringify({ household, health, mood, safety, hygiene, indoorEnvironment, servicesGiven, needs, measures, suggestions, satisfaction, emergency });
}

const minutes = (from: string, to: string) => (toMillis(to) - toMillis(from)) / 60_000;

/** The flags a visit raises; empty when nothing looks wrong. Pure: the caller gathers the context. */
export function verifyVisit(form: VisitForm, ctx: VerificationContext): VisitFlag[] {
  const rules = ctx.rules ?? DEFAULT_VERIFICATION;
  const flags: VisitFlag[] = [];
  const home = form.method === 'home';
  if (home && form.location && ctx.home) {
    const d = distanceMeters(form.location, ctx.home);
    if (d > rules.maxDistanceMeters) flags.push({ kind: 'far_from_home', detail: `checked in ${Math.round(d)} m from the elder's address (more than ${rules.maxDistanceMeters} m)` });
  }
  if (home && form.checkIn && form.checkOut) {
    const m = minutes(form.checkIn, form.checkOut);
    if (m < rules.minHomeVisitMinutes) flags.push({ kind: 'too_short', detail: `${m.toFixed(0)} minutes from check-in to check-out (less than ${rules.minHomeVisitMinutes})` });
  }
  const at = toMillis(form.visitedAt);
  if (at < toMillis(ctx.task.opensAt) || at > toMillis(ctx.task.dueAt)) flags.push({ kind: 'outside_window', detail: `made at ${form.visitedAt}, outside the window ${ctx.task.opensAt} – ${ctx.task.dueAt}` });
  const close = ctx.nearbyByVisitor.filter((v) => v.visitId !== form.visitId && v.elderId !== form.elderId && Math.abs(minutes(v.visitedAt, form.visitedAt)) < rules.bulkWindowMinutes && home && v.method === 'home');
  if (close.length > 0) flags.push({ kind: 'bulk_entry', detail: `${close.length} visit(s) to other elders recorded within ${rules.bulkWindowMinutes} minutes by the same visitor` });
  // Ticked boxes alike twice running are normal ("no change"); the same written words are not.
  const written = form.servicesGiven.length + form.needs.length + form.measures.length + (form.suggestions ? 1 : 0) > 0;
  if (written && ctx.previous && ctx.previous.visitId !== form.visitId && content(ctx.previous) === content(form)) {
    flags.push({ kind: 'copied_record', detail: `word for word the same as the previous record (${ctx.previous.visitId})` });
  }
  return flags;
}
