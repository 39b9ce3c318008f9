import { addDays } from '../time/local-date';
import { instantAt, localDateOf, localTimeOf } from '../time/instant';
import type { Instant } from '../time/instant';

/** Local times HH:MM; the window may cross midnight (21:00–08:00). Equal start and end: no quiet hours. */
export interface QuietHours {
  start: string;
  end: string;
}

export function isQuiet(now: Instant, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  const t = localTimeOf(now);
  return quiet.start < quiet.end ? t >= quiet.start && t < quiet.end : t >= quiet.start || t < quiet.end;
}

/** When an SMS may go: now if urgent or outside quiet hours, else when quiet hours end. */
export function sendAfterFor(now: Instant, quiet: QuietHours, urgent: boolean): Instant {
  if (urgent || !isQuiet(now, quiet)) return now;
  const today = localDateOf(now);
  const day = localTimeOf(now) < quiet.end ? today : addDays(today, 1);
  return instantAt(day, `${quiet.end}:00`);
}
