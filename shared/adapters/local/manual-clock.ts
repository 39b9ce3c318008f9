import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import type { Clock } from '../../ports';

/** A clock that moves only when told: the local simulation and the tests run on it. */
export class ManualClock implements Clock {
  private at: number;

  constructor(start: Instant) {
    this.at = toMillis(start);
  }

  now(): Date {
    return new Date(this.at);
  }

  set(instant: Instant): void {
    this.at = toMillis(instant);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
