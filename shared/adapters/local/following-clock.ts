import type { Clock } from '../../ports';

/**
 * A clock that starts at a given time and then runs at wall-clock speed: `npm start` serves the
 * simulated database from the end of the simulated weeks, so the app shows the simulation's
 * "today" and time still passes while people click.
 */
export function followingClock(from: Date, wall: () => number = Date.now): Clock {
  const started = wall();
  return { now: () => new Date(from.getTime() + (wall() - started)) };
}
