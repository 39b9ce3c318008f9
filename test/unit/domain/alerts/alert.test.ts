import { describe, expect, it } from 'vitest';
import { ALERT_EVENT_NAMES, ALERT_EVENTS, ALERT_LEVEL_NAMES, ALERT_LEVELS, NATIONAL_EVENT_CODES, levelAtLeast } from '../../../../shared/domain/alerts';

describe('alert vocabulary', () => {
  it('orders colour levels blue < yellow < orange < red', () => {
    expect(levelAtLeast('red', 'orange')).toBe(true);
    expect(levelAtLeast('orange', 'orange')).toBe(true);
    expect(levelAtLeast('yellow', 'orange')).toBe(false);
    expect(levelAtLeast('blue', 'yellow')).toBe(false);
    expect(levelAtLeast('blue', 'blue')).toBe(true);
    for (const [i, level] of ALERT_LEVELS.entries()) for (const [j, min] of ALERT_LEVELS.entries()) expect(levelAtLeast(level, min), `${level} ≥ ${min}`).toBe(i >= j);
  });

  it('names every event and level in Chinese', () => {
    expect(Object.keys(ALERT_EVENT_NAMES).sort()).toEqual([...ALERT_EVENTS].sort());
    expect(ALERT_EVENT_NAMES.icy_road).toBe('道路结冰');
    expect(ALERT_EVENT_NAMES.haze).toBe('霾');
    expect(Object.values(ALERT_LEVEL_NAMES)).toEqual(['蓝色', '黄色', '橙色', '红色']);
  });

  it('has one national 11B code for each of the 14 signals', () => {
    expect(Object.values(NATIONAL_EVENT_CODES).sort()).toEqual([...ALERT_EVENTS].sort());
    expect(Object.keys(NATIONAL_EVENT_CODES).every((c) => /^11B\d{2}$/.test(c))).toBe(true);
    expect(NATIONAL_EVENT_CODES['11B09']).toBe('heat');
  });
});
