import { ALERT_EVENT_NAMES, ALERT_LEVEL_NAMES, levelAtLeast } from '../alerts/alert';
import type { WeatherAlert } from '../alerts/alert';
import type { FestivalId } from '../calendar';
import type { Instant } from '../time/instant';
import type { LocalDate } from '../time/local-date';
import { EVENT_TYPE_NAMES } from './event';
import type { PublicEvent } from './event';

/**
 * A special period (特殊时间节点) that raises visits: an official weather warning or a
 * traditional festival. `occasionId` is stable: `alert:<identifier of the first message>` (its
 * updates and cancel share it) or `festival:<id>:<year>`.
 */
export type Occasion = AlertOccasion | FestivalOccasion | EventOccasion;

/** A public-health or disaster event an administrator declared (`event:<eventId>`); updates and the cancel share the id. */
export interface EventOccasion {
  kind: 'event';
  occasionId: string;
  /** The declaration as last updated. */
  event: PublicEvent;
  /** When Tanfang first acts on it: the later of the first day and the declaration. */
  startAt: Instant;
  status: 'active' | 'cancelled';
  revision?: number | undefined;
}

export const eventOccasionId = (eventId: string) => `event:${eventId}`;

export interface AlertOccasion {
  kind: 'alert';
  occasionId: string;
  /** The alert as last updated. */
  alert: WeatherAlert;
  /** When Tanfang first acted on it: the later of onset and receipt. Fixes the elder's task key. */
  startAt: Instant;
  status: 'active' | 'cancelled';
  /** Counts the writes of the occasion (first message 1, each update or cancel one more), set by the store. */
  revision?: number | undefined;
}

export interface FestivalOccasion {
  kind: 'festival';
  occasionId: string;
  festival: FestivalId;
  name: string;
  day: LocalDate;
  /** The statutory holiday around the festival (e.g. 春节's nine days), when published. */
  holiday?: LocalDate[] | undefined;
  status: 'active';
  revision?: number | undefined;
}

/**
 * `alert:<identifier>` for the first sender to use an identifier; another sender reusing it
 * (CAP identity is sender + identifier + sent) gets `alert:<identifier>@<sender key>`.
 */
export const alertOccasionId = (rootIdentifier: string, senderKey?: string) => `alert:${rootIdentifier}${senderKey ? `@${senderKey}` : ''}`;

/** A CAP message's identity (CAP 1.2 §3.2.1: identifier is unique per sender; references name all three). */
export interface MessageKey {
  sender: string;
  identifier: string;
  sent: Instant;
}
export const festivalOccasionId = (festival: FestivalId, day: LocalDate) => `festival:${festival}:${day.slice(0, 4)}`;

/** The occasion as people say it: 高温红色预警, 重阳节. */
export function occasionTitle(occasion: Occasion): string {
  if (occasion.kind === 'festival') return occasion.name;
  if (occasion.kind === 'event') return `${EVENT_TYPE_NAMES[occasion.event.type]}：${occasion.event.title}`;
  return `${ALERT_EVENT_NAMES[occasion.alert.event]}${ALERT_LEVEL_NAMES[occasion.alert.level]}预警`;
}

/** Orange and red warnings and disasters are urgent: their notices go out during quiet hours too. */
export function isUrgent(occasion: Occasion): boolean {
  if (occasion.kind === 'event') return occasion.event.type === 'disaster';
  return occasion.kind === 'alert' && levelAtLeast(occasion.alert.level, 'orange');
}
