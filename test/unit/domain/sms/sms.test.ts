import { describe, expect, it } from 'vitest';
import { maskName, maskPhone } from '../../../../shared/domain/sms/mask';
import { isQuiet, sendAfterFor } from '../../../../shared/domain/sms/quiet-hours';
import { countSegments } from '../../../../shared/domain/sms/segments';

describe('SMS segments', () => {
  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
  ])('sends %i Chinese characters as %i segment(s) of UCS-2', (n, segments) => {
    expect(countSegments('探'.repeat(n))).toEqual({ encoding: 'UCS-2', characters: n, segments });
  });

  it('sends 160 plain characters in one GSM-7 segment and 161 in two', () => {
    expect(countSegments('a'.repeat(160)).segments).toBe(1);
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', characters: 161, segments: 2 });
  });

  it('counts GSM extension characters twice and an emoji as two UCS-2 units', () => {
    expect(countSegments('€'.repeat(80)).segments).toBe(1);
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
    expect(countSegments(`${'探'.repeat(69)}😀`)).toEqual({ encoding: 'UCS-2', characters: 71, segments: 2 });
  });
});

describe('Masking', () => {
  it.each([
    ['张华', '张*'],
    ['张三华', '张*华'],
    ['欧阳娜娜', '欧**娜'],
    [' 李 ', '*'],
  ])('shows %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('keeps only the prefix and the last four digits of a phone', () => {
    expect(maskPhone('+8613812345678')).toBe('+86 138****5678');
  });
});

describe('Quiet hours', () => {
  const quiet = { start: '21:00', end: '08:00' };

  it('holds a message queued at 06:00 until 08:00 the same day', () => {
    expect(sendAfterFor('2026-11-23T06:00:00+08:00', quiet, false)).toBe('2026-11-23T08:00:00+08:00');
  });

  it('holds a message queued at 21:00 until 08:00 the next day', () => {
    expect(sendAfterFor('2026-11-23T21:00:00+08:00', quiet, false)).toBe('2026-11-24T08:00:00+08:00');
  });

  it('sends at 08:00 and 20:59 at once', () => {
    expect(isQuiet('2026-11-23T08:00:00+08:00', quiet)).toBe(false);
    expect(sendAfterFor('2026-11-23T20:59:00+08:00', quiet, false)).toBe('2026-11-23T20:59:00+08:00');
  });

  it('sends an urgent message at 03:00', () => {
    expect(sendAfterFor('2026-11-23T03:00:00+08:00', quiet, true)).toBe('2026-11-23T03:00:00+08:00');
  });

  it('handles a window inside one day, and no quiet hours at all', () => {
    expect(isQuiet('2026-11-23T13:00:00+08:00', { start: '12:00', end: '14:00' })).toBe(true);
    expect(isQuiet('2026-11-23T03:00:00+08:00', { start: '00:00', end: '00:00' })).toBe(false);
  });
});
