import { afterAll, describe, expect, it } from 'vitest';
import { alarmFollowUpId, ingestDeviceAlarm } from '../../shared/app/device-alarm';
import { escalateOverdue } from '../../shared/app/escalate-overdue';
import { recordFollowUpOutcome } from '../../shared/app/follow-up-outcome';
import { registerDevice, retireDevice } from '../../shared/app/devices';
import type { DeviceStore } from '../../shared/ports';
import { ScriptedGateway } from '../fakes/scripted-gateway';
import { deliver } from '../helpers/deliver';
import { deviceWorld } from '../helpers/device-world';
import { stopDynamo } from '../helpers/world';

afterAll(stopDynamo);

const gas = (elderId: string, at = '2026-11-20T09:58:00+08:00') => ({ deviceId: 'gas-001', elderId, kind: 'gas', at, reading: { value: 1200, unit: 'ppm' } });

describe('Smart-device alarms on dynalite', () => {
  it('raises the urgent path of an emergency: SMS at once to every emergency contact, the liaison and the instructor, and an urgent follow-up for the township', async () => {
    const { world, elder, deps } = await deviceWorld();
    world.clock.set('2026-11-20T23:00:00+08:00'); // quiet hours do not hold an alarm
    const r = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T22:59:00+08:00') });
    const contacts = elder.registration.emergencyContacts.length;
    expect(r).toMatchObject({ outcome: 'raised', alarms: 1, urgentSms: contacts + 2, followUp: `${elder.elderId}#${alarmFollowUpId(r.incidentId)}` });
    const followUp = await world.repos.tasks.get(elder.elderId, alarmFollowUpId(r.incidentId));
    expect(followUp).toMatchObject({ kind: 'follow_up', followUpCause: 'device_alarm', urgent: true, visitorId: `ins-${elder.townshipCode}`, followUpOf: [`incident:${r.incidentId}`], dueAt: '2026-11-23T23:00:00+08:00' });
    const gateway = new ScriptedGateway();
    await deliver(world, gateway);
    const sent = gateway.requests.filter((q) => q.recipients.some((x) => x.reference.startsWith(`alarm#${r.incidentId}#`)));
    expect(sent.map((q) => q.templateId).sort()).toEqual([...Array(contacts).fill('device_alarm_family'), 'device_alarm_staff', 'device_alarm_staff'].sort());
    const family = sent.find((q) => q.templateId === 'device_alarm_family')!;
    expect(family.text).toBe(`【成华民政】紧急提醒：您家老人${elder.maskedName}家中的燃气报警器发出报警，请立即联系老人，或联系老人所在村（社区）。`);
    // The reading never reaches an SMS.
    expect(sent.every((q) => !q.text.includes('1200') && !q.text.includes('ppm'))).toBe(true);
    // Overdue, the follow-up escalates at once and above its owner.
    world.clock.set('2026-11-24T00:05:00+08:00');
    await escalateOverdue(deps);
    expect((await world.repos.tasks.get(elder.elderId, alarmFollowUpId(r.incidentId)))!.history.at(-1)!.detail).toMatch(/^level 1: supervisor sup-county/);
  });

  it('merges repeated alarms of one device and kind into one incident: one set of SMS, the repeats counted on it', async () => {
    const { world, elder, deps } = await deviceWorld();
    const first = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T09:50:00+08:00') });
    const queued = (await world.repos.outbox.listReady('2026-11-20T10:00:00+08:00', 200)).length;
    const second = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T09:55:00+08:00') });
    const third = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T09:59:00+08:00') });
    expect([first.outcome, second.outcome, third.outcome]).toEqual(['raised', 'merged', 'merged']);
    expect(new Set([first.incidentId, second.incidentId, third.incidentId]).size).toBe(1);
    expect(third).toMatchObject({ alarms: 3, urgentSms: 0, followUp: first.followUp });
    expect((await world.repos.outbox.listReady('2026-11-20T10:00:00+08:00', 200)).length).toBe(queued);
    // Another kind of the same device is another incident.
    const smoke = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: { ...gas(elder.elderId), kind: 'smoke' } });
    expect(smoke).toMatchObject({ outcome: 'raised', alarms: 1 });
    expect(smoke.incidentId).not.toBe(first.incidentId);
  });

  it('starts a new incident after the window of quiet, and after the follow-up was recorded resolved', async () => {
    const { world, elder, deps } = await deviceWorld();
    const first = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T09:00:00+08:00') });
    const later = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T09:31:00+08:00') });
    expect(later.outcome).toBe('raised');
    expect(later.incidentId).not.toBe(first.incidentId);
    await recordFollowUpOutcome(deps, { elderId: elder.elderId, taskId: alarmFollowUpId(later.incidentId), by: `ins-${elder.townshipCode}`, outcome: { method: 'home', outcome: 'resolved', note: '燃气阀已关闭，已通风' } });
    const again = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T09:40:00+08:00') });
    expect(again).toMatchObject({ outcome: 'raised', alarms: 1 });
    // The incidents are listed on the elder, newest first.
    expect((await world.repos.devices.incidentsOf(elder.elderId, 10)).map((i) => i.incidentId)).toEqual([again.incidentId, later.incidentId, first.incidentId]);
  });

  it('takes a platform’s retry of the same alarm as a duplicate (whatever offset its time is written in), counting it once', async () => {
    const { elder, deps } = await deviceWorld();
    const first = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T09:58:00+08:00') });
    const retry = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T01:58:00Z') });
    expect(retry).toMatchObject({ outcome: 'duplicate', incidentId: first.incidentId, alarms: 1, urgentSms: 0 });
  });

  it('makes one incident and one set of SMS of ten alarms arriving at once', async () => {
    const { world, elder, deps } = await deviceWorld();
    const times = Array.from({ length: 10 }, (_, i) => `2026-11-20T09:5${i}:00+08:00`);
    const results = await Promise.all(times.map((at) => ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, at) })));
    expect(new Set(results.map((r) => r.incidentId)).size).toBe(1);
    expect(await world.repos.devices.alarmCount(results[0]!.incidentId)).toBe(10);
    const ready = await world.repos.outbox.listReady('2026-11-20T10:00:00+08:00', 200);
    expect(ready.filter((m) => m.template === 'device_alarm_staff')).toHaveLength(2);
    expect((await world.repos.tasks.forElder(elder.elderId)).filter((t) => t.followUpCause === 'device_alarm')).toHaveLength(1);
  });

  it('finishes raising an incident whose first alarm was cut off before its SMS (killed half-way), on the next alarm or the retry', async () => {
    const { world, elder, deps } = await deviceWorld();
    // The first attempt dies after placing the incident, before storing the alarm and raising it.
    const dying: DeviceStore = Object.assign(Object.create(Object.getPrototypeOf(world.repos.devices)), world.repos.devices, {
      recordAlarm: async () => {
        throw new Error('killed');
      },
    });
    await expect(ingestDeviceAlarm({ ...deps, devices: dying }, { platformId: 'county-care', alarm: gas(elder.elderId) })).rejects.toThrow('killed');
    const alarmSms = async () => (await world.repos.outbox.listReady('2026-11-20T10:00:00+08:00', 200)).filter((m) => m.template.startsWith('device_alarm'));
    expect(await alarmSms()).toEqual([]);
    const retried = await ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId) });
    expect(retried).toMatchObject({ outcome: 'raised', alarms: 1 });
    expect(await alarmSms()).toHaveLength(elder.registration.emergencyContacts.length + 2);
  });

  it('refuses an unknown device, a retired one, another elder’s, and a kind it does not report — storing nothing', async () => {
    const { world, elder, outsider, liaison, deps } = await deviceWorld();
    const refused = (alarm: unknown) => ingestDeviceAlarm(deps, { platformId: 'county-care', alarm });
    await expect(refused({ ...gas(elder.elderId), deviceId: 'gas-999' })).rejects.toMatchObject({ name: 'DeviceRefusedError', issues: [{ field: 'deviceId' }] });
    await expect(refused(gas(outsider.elderId))).rejects.toMatchObject({ name: 'DeviceRefusedError', issues: [{ field: 'elderId' }] });
    await expect(refused({ ...gas(elder.elderId), kind: 'water' })).rejects.toMatchObject({ name: 'DeviceRefusedError', issues: [{ field: 'kind' }] });
    await retireDevice(deps, liaison, 'gas-001', '老人已更换燃气灶，报警器拆除');
    await expect(refused(gas(elder.elderId))).rejects.toMatchObject({
      name: 'DeviceRefusedError',
      issues: [{ field: 'deviceId', rule: expect.stringContaining('was retired'), code: 'device_retired', message: expect.stringContaining('停用') }],
    });
    expect(await world.repos.devices.incidentsOf(elder.elderId, 10)).toEqual([]);
    expect((await world.repos.outbox.listReady('2026-11-20T10:00:00+08:00', 200)).filter((m) => m.template.startsWith('device_alarm'))).toEqual([]);
  });

  it('refuses a platform speaking for a device it does not report, or for an elder outside its area', async () => {
    const { outsider, elder, deps } = await deviceWorld();
    await expect(ingestDeviceAlarm(deps, { platformId: 'township-care', alarm: gas(elder.elderId) })).rejects.toMatchObject({ name: 'ForbiddenError', message: expect.stringContaining('reported by another platform') });
    await expect(ingestDeviceAlarm(deps, { platformId: 'nobody', alarm: gas(elder.elderId) })).rejects.toMatchObject({ name: 'ForbiddenError' });
    const { world: w2, deps: d2 } = await deviceWorld();
    // A device registered to the township platform cannot be for an elder of another township.
    await expect(registerDevice(d2, (await w2.repos.people.get('admin-1'))!, outsider.elderId, { deviceId: 'sos-901', platformId: 'township-care', kinds: ['sos'] })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'platformId' }],
    });
  });

  it('refuses a stale alarm and one from the future, naming the time', async () => {
    const { elder, deps } = await deviceWorld();
    await expect(ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T08:59:00+08:00') })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'at', rule: expect.stringContaining('stale') }],
    });
    await expect(ingestDeviceAlarm(deps, { platformId: 'county-care', alarm: gas(elder.elderId, '2026-11-20T10:06:00+08:00') })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'at', rule: expect.stringContaining('in the future') }],
    });
  });
});

describe('The device registry on dynalite', () => {
  it('registers a device once (the same again changes nothing), refuses it for another elder while active, and takes it anew once retired', async () => {
    const { world, elder, outsider, liaison, deps } = await deviceWorld();
    const admin = (await world.repos.people.get('admin-1'))!;
    expect(await registerDevice(deps, liaison, elder.elderId, { deviceId: 'gas-001', platformId: 'county-care', kinds: ['smoke', 'gas'], label: '厨房燃气报警器' })).toMatchObject({ created: false });
    await expect(registerDevice(deps, admin, outsider.elderId, { deviceId: 'gas-001', platformId: 'county-care', kinds: ['gas'] })).rejects.toMatchObject({ name: 'ConflictError' });
    await retireDevice(deps, liaison, 'gas-001', '拆除');
    expect(await retireDevice(deps, liaison, 'gas-001', '拆除')).toMatchObject({ retired: false });
    expect(await registerDevice(deps, admin, outsider.elderId, { deviceId: 'gas-001', platformId: 'county-care', kinds: ['gas'] })).toMatchObject({ created: true, device: { elderId: outsider.elderId, version: 3, state: 'active' } });
  });

  it('lets only the elder’s liaison or an administrator register, naming the unknown platform', async () => {
    const { world, elder, deps } = await deviceWorld();
    const instructor = (await world.repos.people.get(`ins-${elder.townshipCode}`))!;
    await expect(registerDevice(deps, instructor, elder.elderId, { deviceId: 'x-1', platformId: 'county-care', kinds: ['sos'] })).rejects.toMatchObject({ name: 'ForbiddenError' });
    const liaison = (await world.repos.people.get(`lia-${elder.villageCode}`))!;
    await expect(registerDevice(deps, liaison, elder.elderId, { deviceId: 'x-1', platformId: 'elsewhere', kinds: ['sos'] })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'platformId', rule: expect.stringContaining('county-care, township-care'), code: 'platform_unknown', message: '本地区配置中没有设备平台“elsewhere”（已配置：county-care、township-care）' }],
    });
  });
});
