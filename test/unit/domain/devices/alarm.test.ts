import { describe, expect, it } from 'vitest';
import { ALARM_DEVICE_WORDS, ALARM_KINDS, alarmTimeIssues, deviceAlarmSchema } from '../../../../shared/domain/devices/alarm';
import { alarmDeviceIssue, deviceRegistrationSchema } from '../../../../shared/domain/devices/device';
import type { Device } from '../../../../shared/domain/devices/device';
import { safeParseClean } from '../../../../shared/domain/validation';

const now = '2026-11-20T10:00:00+08:00';
const alarm = { deviceId: 'gas-001', elderId: 'E000001', kind: 'gas', at: '2026-11-20T09:59:00+08:00' };
const device: Device = { deviceId: 'gas-001', elderId: 'E000001', platformId: 'p1', kinds: ['gas'], villageCode: '510108001001', state: 'active', registeredBy: 'lia-1', registeredAt: now, version: 1 };

describe('The alarm form', () => {
  it('takes the small JSON form a platform posts, with an optional reading', () => {
    expect(deviceAlarmSchema.parse({ ...alarm, reading: { value: 1200, unit: 'ppm' } })).toMatchObject({ kind: 'gas', reading: { value: 1200, unit: 'ppm' } });
  });

  it('names each broken field: an unknown kind, a time without an offset, a bad id, a field it does not know', () => {
    const r = safeParseClean(deviceAlarmSchema, { deviceId: 'gas 001', elderId: 'E000001', kind: 'flood', at: '2026-11-20 09:59', extra: 1 });
    expect(r.success).toBe(false);
    expect(r.success ? [] : r.issues.map((i) => i.field).sort()).toEqual(['(root)', 'at', 'deviceId', 'kind']);
  });

  it('refuses hostile readings: not a finite number, absurd, or a long unit', () => {
    const bad = (reading: unknown) => safeParseClean(deviceAlarmSchema, { ...alarm, reading }).success;
    expect(bad({ value: 1e12, unit: 'ppm' })).toBe(false);
    expect(bad({ value: 1, unit: 'x'.repeat(17) })).toBe(false);
    expect(bad({ value: '1', unit: 'ppm' })).toBe(false);
  });

  it('refuses an alarm from the future beyond five minutes of clock skew, and one older than the region allows', () => {
    expect(alarmTimeIssues('2026-11-20T10:05:00+08:00', now, 60)).toEqual([]);
    expect(alarmTimeIssues('2026-11-20T10:05:01+08:00', now, 60)).toEqual([
      { field: 'at', rule: expect.stringMatching(/^is in the future/), code: 'from_future', message: '报警时间2026-11-20T10:05:01+08:00晚于现在（2026-11-20T10:00:00+08:00，允许5分钟误差）：请核对设备平台的时钟' },
    ]);
    expect(alarmTimeIssues('2026-11-20T09:00:00+08:00', now, 60)).toEqual([]);
    expect(alarmTimeIssues('2026-11-20T08:59:59+08:00', now, 60)).toEqual([
      { field: 'at', rule: expect.stringMatching(/^is more than 60 minutes before now/), code: 'alarm_stale', message: expect.stringMatching(/^报警时间早于现在（.+）超过60分钟/) },
    ]);
  });

  it('names every kind in an SMS by its device, never by a health condition', () => {
    expect(Object.keys(ALARM_DEVICE_WORDS).sort()).toEqual([...ALARM_KINDS].sort());
    expect(ALARM_DEVICE_WORDS.fall).toBe('监护设备');
    expect(ALARM_DEVICE_WORDS.no_movement).toBe('监护设备');
    expect(Object.values(ALARM_DEVICE_WORDS).join('')).not.toMatch(/跌倒|无活动|病/);
  });
});

describe('Which devices raise alarms', () => {
  it('takes an alarm from an active device registered to the elder, for a kind it reports', () => {
    expect(alarmDeviceIssue(device, alarm as never)).toBeUndefined();
  });

  it('refuses an unknown device, a retired one, another elder’s, and a kind it does not report', () => {
    expect(alarmDeviceIssue(undefined, alarm as never)).toMatchObject({
      field: 'deviceId',
      rule: expect.stringContaining('is not a registered device'),
      code: 'device_unknown',
      message: '设备gas-001未登记：须先由老人所在村（居）联络员登记',
    });
    expect(alarmDeviceIssue({ ...device, state: 'retired', retiredAt: now }, alarm as never)).toMatchObject({
      field: 'deviceId',
      rule: expect.stringContaining('was retired'),
      code: 'device_retired',
      message: expect.stringMatching(/^设备gas-001已于.+停用，不再接收报警$/),
    });
    expect(alarmDeviceIssue(device, { ...alarm, elderId: 'E000002' } as never)).toEqual({ field: 'elderId', rule: 'device gas-001 is registered to another elder', code: 'device_of_other_elder', message: '设备gas-001登记在另一位老人名下' });
    expect(alarmDeviceIssue(device, { ...alarm, kind: 'smoke' } as never)).toMatchObject({ field: 'kind', code: 'kind_not_registered', message: expect.stringMatching(/不含烟雾$/) });
  });

  it('refuses a registration without kinds, with a kind twice, or with an unknown one', () => {
    expect(deviceRegistrationSchema.safeParse({ deviceId: 'd1', platformId: 'p1', kinds: [] }).success).toBe(false);
    expect(deviceRegistrationSchema.safeParse({ deviceId: 'd1', platformId: 'p1', kinds: ['sos', 'sos'] }).success).toBe(false);
    expect(deviceRegistrationSchema.safeParse({ deviceId: 'd1', platformId: 'p1', kinds: ['flood'] }).success).toBe(false);
  });
});
