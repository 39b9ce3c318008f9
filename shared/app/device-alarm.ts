import { createHash } from 'node:crypto';
import { followUpSettled } from '../domain/care/follow-up';
import { ALARM_DEVICE_WORDS, alarmTimeIssues, deviceAlarmSchema } from '../domain/devices/alarm';
import type { DeviceAlarm } from '../domain/devices/alarm';
import { alarmDeviceIssue } from '../domain/devices/device';
import { incidentIdOf, mergeDecision } from '../domain/devices/incident';
import type { Incident, IncidentPointer } from '../domain/devices/incident';
import { isWithin } from '../domain/elder/area-code';
import type { ElderRecord } from '../domain/ledger/elder-record';
import { toInstant, toMillis } from '../domain/time/instant';
import type { Instant } from '../domain/time/instant';
import { localizeIssues } from '../domain/messages/localize';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { FieldIssue } from '../domain/validation';
import type { DeviceStore } from '../ports';
import type { FollowUpDeps } from './follow-up';
import { followUpBaseOf } from './follow-up-base';
import { openFollowUp } from './open-follow-up';
import { ForbiddenError } from './supervise';
import { raiseUrgent } from './urgent';

export interface DeviceAlarmDeps extends Omit<FollowUpDeps, 'needs'> {
  devices: DeviceStore;
}

/** A well-formed alarm we will not act on: an unknown or retired device, another elder's device, a kind it does not report (HTTP 422). */
export class DeviceRefusedError extends Error {
  override readonly name = 'DeviceRefusedError';
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[]) {
    super(`device alarm refused: ${issues.map((i) => `${i.field}: ${i.rule}`).join('; ')}`);
    this.issues = localizeIssues(issues);
  }
}

export interface DeviceAlarmResult {
  /** raised: a new incident, its SMS and follow-up; merged: a repeat of an open incident, counted; duplicate: this alarm was already taken. */
  outcome: 'raised' | 'merged' | 'duplicate';
  incidentId: string;
  /** Alarms counted on the incident so far (this one included). */
  alarms: number;
  urgentSms: number;
  followUp?: string | undefined;
}

/** The follow-up of an incident: one per incident. */
export const alarmFollowUpId = (incidentId: string) => `F#alarm-${createHash('sha256').update(incidentId).digest('hex').slice(0, 20)}`;

/**
 * A smart-device alarm (智能设备一旦监测异常…同步向紧急联系人发送提示信息), from a platform already
 * authenticated by its signature.
 *
 * 1. Checks the form (every field named), its time (not in the future beyond clock skew, not
 *    stale), the device (registered, active, this elder's, reporting this kind) and the platform
 *    (the device's own, serving the elder's area).
 * 2. Finds its incident: a repeat of the same device and kind within the merge window joins the
 *    open incident, anything else starts one (a conditional write per device and kind, so two
 *    alarms at once agree).
 * 3. Stores the alarm once (its device, kind and time: a platform's retry is the same alarm).
 * 4. A new incident raises the same urgent path as an emergency found on a visit: urgent SMS to
 *    the emergency contacts, liaison and instructor, and a follow-up for the township, once per
 *    incident; a crash before that is finished by the next alarm or the retry.
 */
export async function ingestDeviceAlarm(deps: DeviceAlarmDeps, input: { platformId: string; alarm: unknown }): Promise<DeviceAlarmResult> {
  const alarm = parseOrThrow(deviceAlarmSchema, input.alarm, 'device alarm');
  const now = toInstant(deps.clock.now());
  const settings = deps.runtime.config.devices;
  const times = alarmTimeIssues(alarm.at, now, settings.maxAgeMinutes);
  if (times.length > 0) throw new ValidationError('device alarm', times);
  const platform = settings.platforms.find((p) => p.id === input.platformId);
  if (!platform) throw new ForbiddenError(`platform ${input.platformId} is not a device platform of this region`);
  const device = await deps.devices.getDevice(alarm.deviceId);
  const refused = alarmDeviceIssue(device, alarm);
  if (refused || !device) throw new DeviceRefusedError([refused!]);
  if (device.platformId !== platform.id) throw new ForbiddenError(`device ${device.deviceId} is reported by another platform, not ${platform.id}`);
  const elder = await deps.elders.get(alarm.elderId);
  if (!elder) throw new DeviceRefusedError([{ field: 'elderId', rule: `${alarm.elderId} is not on the ledger`, code: 'elder_unknown', message: `老人${alarm.elderId}不在台账中` }]);
  if (!isWithin(elder.villageCode, platform.areaCode)) throw new ForbiddenError(`platform ${platform.id} serves area ${platform.areaCode}, which does not include the elder's village ${elder.villageCode}`);

  const stored = await deps.devices.getAlarm(alarm.deviceId, alarm.kind, alarm.at);
  if (stored) return answer(deps, elder, stored.incidentId, 'duplicate', now);
  const incidentId = await placeAlarm(deps, alarm, elder, settings.mergeMinutes, now);
  const recorded = await deps.devices.recordAlarm({ ...alarm, incidentId, platformId: platform.id, receivedAt: now });
  return answer(deps, elder, incidentId, recorded === 'created' ? 'merged' : 'duplicate', now);
}

/** The incident the alarm belongs to, its pointer moved and its item written (both idempotent). */
async function placeAlarm(deps: DeviceAlarmDeps, alarm: DeviceAlarm, elder: ElderRecord, mergeMinutes: number, now: Instant): Promise<string> {
  const at = toInstant(new Date(toMillis(alarm.at)));
  for (let attempt = 0; attempt < 8; attempt++) {
    const current = await deps.devices.pointer(alarm.deviceId, alarm.kind);
    const head = current ? { ...current.pointer, handled: await settled(deps, current.pointer.incidentId, elder.elderId) } : undefined;
    const decision = mergeDecision(head, at, mergeMinutes);
    let pointer: IncidentPointer | undefined;
    let incidentId: string;
    if (decision.action === 'merge') {
      const p = current!.pointer;
      incidentId = p.incidentId;
      pointer = { incidentId, firstAt: toMillis(at) < toMillis(p.firstAt) ? at : p.firstAt, lastAt: toMillis(at) > toMillis(p.lastAt) ? at : p.lastAt };
    } else {
      incidentId = incidentIdOf(alarm.deviceId, alarm.kind, at);
      pointer = decision.current ? { incidentId, firstAt: at, lastAt: at } : undefined;
    }
    const unchanged = pointer && current && pointer.firstAt === current.pointer.firstAt && pointer.lastAt === current.pointer.lastAt && pointer.incidentId === current.pointer.incidentId;
    if (pointer && !unchanged && !(await deps.devices.movePointer(alarm.deviceId, alarm.kind, pointer, current?.version))) continue;
    await deps.devices.createIncident({
      incidentId,
      deviceId: alarm.deviceId,
      kind: alarm.kind,
      elderId: elder.elderId,
      villageCode: elder.villageCode,
      firstAt: decision.action === 'merge' ? current!.pointer.firstAt : at,
      raised: false,
      createdAt: now,
    });
    return incidentId;
  }
  throw new Error(`device ${alarm.deviceId} (${alarm.kind}) kept receiving alarms while this one was placed; the platform should retry`);
}

/** Whether the incident's follow-up (through its later rounds) settled it: a new alarm is then a new incident. */
async function settled(deps: DeviceAlarmDeps, incidentId: string, elderId: string): Promise<boolean> {
  const incident = await deps.devices.getIncident(incidentId);
  let taskId = incident?.followUp?.slice(elderId.length + 1);
  for (let round = 0; taskId && round < 20; round++) {
    const task = await deps.tasks.get(elderId, taskId);
    if (!task) return false;
    if (followUpSettled(task)) return true;
    taskId = task.followUpNext;
  }
  return false;
}

/** Raises the incident if it was not yet (once), then answers with its count. */
async function answer(deps: DeviceAlarmDeps, elder: ElderRecord, incidentId: string, seen: 'merged' | 'duplicate', now: Instant): Promise<DeviceAlarmResult> {
  const incident = await deps.devices.getIncident(incidentId);
  let raised: { urgentSms: number; followUp: string } | undefined;
  if (incident && !incident.raised) raised = await raiseIncident(deps, elder, incident, now);
  const alarms = await deps.devices.alarmCount(incidentId);
  return { outcome: raised ? 'raised' : seen, incidentId, alarms, urgentSms: raised?.urgentSms ?? 0, followUp: raised?.followUp ?? incident?.followUp };
}

/** The urgent path of a visit's emergency, worded for a device: family and staff at once, a follow-up for the township. */
async function raiseIncident(deps: DeviceAlarmDeps, elder: ElderRecord, incident: Incident, now: Instant): Promise<{ urgentSms: number; followUp: string }> {
  const taskId = alarmFollowUpId(incident.incidentId);
  const ref = `${elder.elderId}#${taskId}`;
  const device = ALARM_DEVICE_WORDS[incident.kind];
  const urgent = await raiseUrgent(
    deps,
    elder,
    {
      idPrefix: `alarm#${incident.incidentId}`,
      family: { template: 'device_alarm_family', values: { elder: elder.maskedName, device } },
      staff: { template: 'device_alarm_staff', values: { village: elder.villageName, elder: elder.maskedName, device } },
      taskRefs: [ref],
    },
    now,
  );
  await openFollowUp(
    deps,
    followUpBaseOf(elder, deps.runtime, now),
    {
      taskId,
      cause: 'device_alarm',
      why: `${incident.kind} alarm from device ${incident.deviceId} at ${incident.firstAt} (incident ${incident.incidentId})`,
      by: 'device-alarm',
      urgent: true,
      followUpOf: [`incident:${incident.incidentId}`],
      owner: urgent.instructor ?? urgent.liaison,
    },
    now,
  );
  await deps.devices.markRaised(incident.incidentId, ref);
  return { urgentSms: urgent.urgentSms, followUp: ref };
}
