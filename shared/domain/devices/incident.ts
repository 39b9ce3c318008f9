import type { Instant } from '../time/instant';
import { toMillis } from '../time/instant';
import type { AlarmKind } from './alarm';

/** Alarms of one device and kind this close together are one incident (configurable per region). */
export const DEFAULT_MERGE_MINUTES = 30;

/**
 * An incident: what one device reported about one kind of danger, from its first alarm to its
 * last. It raises the urgent path once (SMS to family and staff, a follow-up); the alarms
 * that repeat it are counted on it, never sent again.
 */
export interface Incident {
  incidentId: string;
  deviceId: string;
  kind: AlarmKind;
  elderId: string;
  villageCode: string;
  firstAt: Instant;
  /** Whether its urgent path (SMS, follow-up) has been raised; a crash before that is finished by the next alarm or retry. */
  raised: boolean;
  /** The follow-up task it opened (`elderId#taskId`). */
  followUp?: string | undefined;
  createdAt: Instant;
}

/** The incident a device and kind is on now, as the merge decision needs it. */
export interface IncidentHead {
  incidentId: string;
  firstAt: Instant;
  lastAt: Instant;
  /** Its follow-up was recorded resolved (or closed): someone dealt with it. */
  handled: boolean;
}

/** Where a device and kind stands: the incident later alarms are compared with. */
export type IncidentPointer = Omit<IncidentHead, 'handled'>;

export type MergeDecision =
  /** Another alarm of the incident: counted, nothing sent. */
  | { action: 'merge' }
  /** A new incident; `current`: it becomes the one later alarms are compared with. */
  | { action: 'new'; current: boolean };

const MINUTE = 60_000;

/**
 * Which incident an alarm belongs to. The window slides: an alarm within `windowMinutes` of
 * the incident's span (before its first alarm or after its last) repeats it, so a device that
 * keeps alarming stays one incident until it is quiet for the window. Once the incident's
 * follow-up was recorded resolved, a later alarm is a new incident (the elder fell again);
 * a delayed alarm from inside the handled span still only counts. An alarm from well before
 * the incident (a platform's queue delivered late) is an incident of its own, and the current
 * one stays current.
 */
export function mergeDecision(head: IncidentHead | undefined, at: Instant, windowMinutes: number): MergeDecision {
  if (!head) return { action: 'new', current: true };
  const t = toMillis(at);
  const window = windowMinutes * MINUTE;
  const first = toMillis(head.firstAt);
  const last = toMillis(head.lastAt);
  if (t < first - window) return { action: 'new', current: false };
  if (head.handled) return t <= last ? { action: 'merge' } : { action: 'new', current: true };
  if (t <= last + window) return { action: 'merge' };
  return { action: 'new', current: true };
}

/** A deterministic incident id from its first alarm: a retried first alarm names the same incident. */
export function incidentIdOf(deviceId: string, kind: AlarmKind, firstAt: Instant): string {
  return `${deviceId}.${kind}.${Math.floor(toMillis(firstAt) / 1000)}`;
}
