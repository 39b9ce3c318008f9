import type { Instant } from '../time/instant';
import type { VisitRecord } from '../visit/visit-form';
import { isFinalMeasure, moveMeasure, newMeasure } from './measure';
import type { Measure, MeasureMove, MeasureState, MeasureStep } from './measure';

/** A measure the form can record: anything but followed up, which only a follow-up records. */
export type RecordedMeasureState = Exclude<MeasureState, 'followed_up'>;

/** Most measures one need may carry (each answer to it, over time). */
export const MAX_MEASURES_PER_NEED = 20;

/**
 * A need found on a visit (老年人服务需求), kept as its own record with the measures that
 * answer it, so it can be carried to its end after the visit (闭环管理). Keyed by the visit
 * and the need's id on the form: a resubmitted visit names the same needs and never doubles them.
 */
export interface Need {
  elderId: string;
  /** `<visitId>.<needId>` (neither id may hold a dot). */
  needKey: string;
  visitId: string;
  needId: string;
  description: string;
  /** When and by whom it was found: the visit's time and visitor. */
  foundAt: Instant;
  foundBy: string;
  maskedName: string;
  villageCode: string;
  villageName: string;
  townshipCode: string;
  countyCode: string;
  measures: Measure[];
  updatedAt: Instant;
  version: number;
}

/** Where the elder lives, as a need carries it (from the visit's task). */
export type NeedPlace = Pick<Need, 'maskedName' | 'villageCode' | 'villageName' | 'townshipCode' | 'countyCode'>;

export const needKeyOf = (visitId: string, needId: string) => `${visitId}.${needId}`;

/** A measure named across needs: `<needKey>/<measureId>` (what a follow-up checks). */
export const measureRef = (needKey: string, measureId: string) => `${needKey}/${measureId}`;

export function parseMeasureRef(ref: string): { needKey: string; measureId: string } | undefined {
  const slash = ref.lastIndexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { needKey: ref.slice(0, slash), measureId: ref.slice(slash + 1) };
}

/** Open until it has a measure and every measure has reached its end (done, or a referral followed up). */
export function isOpenNeed(need: Pick<Need, 'measures'>): boolean {
  return need.measures.length === 0 || need.measures.some((m) => !isFinalMeasure(m.state));
}

/**
 * The needs a visit record lists, each with the measures the form gave it (m1, m2… in form
 * order), every measure's first step by the visitor at the visit's time.
 */
export function needsFromVisit(visit: Pick<VisitRecord, 'visitId' | 'elderId' | 'visitorId' | 'visitedAt' | 'needs' | 'measures'>, place: NeedPlace, at: Instant): Need[] {
  return visit.needs.map((n) => {
    const needKey = needKeyOf(visit.visitId, n.needId);
    const measures = visit.measures.filter((m) => m.needId === n.needId).map((m, i) => newMeasure(`m${i + 1}`, m.description, m.status, { by: visit.visitorId, at: visit.visitedAt, note: `recorded on visit ${visit.visitId}` }));
    return { elderId: visit.elderId, needKey, visitId: visit.visitId, needId: n.needId, description: n.description, foundAt: visit.visitedAt, foundBy: visit.visitorId, ...place, measures, updatedAt: at, version: 1 };
  });
}

/** The referred measures of needs, as refs (what a follow-up must check). */
export function referredMeasures(needs: readonly Need[]): string[] {
  return needs.flatMap((n) => n.measures.filter((m) => m.state === 'referred').map((m) => measureRef(n.needKey, m.measureId)));
}

export type NeedChange = { ok: true; need: Need; measure: Measure } | { ok: false; reason: string };

/** A further measure for a need (the need went unanswered, or the first measure did not work). */
export function addMeasure(need: Need, description: string, state: RecordedMeasureState, step: Omit<MeasureStep, 'to'>): NeedChange {
  if (need.measures.length >= MAX_MEASURES_PER_NEED) return { ok: false, reason: `a need carries at most ${MAX_MEASURES_PER_NEED} measures` };
  const measure = newMeasure(`m${need.measures.length + 1}`, description, state, step);
  return { ok: true, need: { ...need, measures: [...need.measures, measure], updatedAt: step.at, version: need.version + 1 }, measure };
}

/** Moves one measure of a need (see moveMeasure); the need's version goes up with it. */
export function moveNeedMeasure(need: Need, measureId: string, to: MeasureState, step: Omit<MeasureStep, 'to'>): NeedChange | (MeasureMove & { ok: false }) {
  const measure = need.measures.find((m) => m.measureId === measureId);
  if (!measure) return { ok: false, reason: `need ${need.needKey} has no measure ${measureId}` };
  const moved = moveMeasure(measure, to, step);
  if (!moved.ok) return moved;
  return { ok: true, need: replaceMeasure(need, moved.measure, step.at), measure: moved.measure };
}

/** The need with one measure replaced, its version moved on. */
export function replaceMeasure(need: Need, measure: Measure, at: Instant): Need {
  return { ...need, measures: need.measures.map((m) => (m.measureId === measure.measureId ? measure : m)), updatedAt: at, version: need.version + 1 };
}
