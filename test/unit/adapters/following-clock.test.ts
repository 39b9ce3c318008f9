import { describe, expect, it } from 'vitest';
import { followingClock } from '../../../shared/adapters/local/following-clock';

describe('Function: followingClock', () => {
  it('starts at the simulation end and then moves as the wall clock moves', () => {
    let wall = 1_000_000;
    const clock = followingClock(new Date('2026-11-14T12:00:00Z'), () => wall);
    expect(clock.now().toISOString()).toBe('2026-11-14T12:00:00.000Z');
    wall += 90_000;
    expect(clock.now().toISOString()).toBe('2026-11-14T12:01:30.000Z');
  });
});
