import { z } from 'zod';
import type { Instant } from '../time/instant';
import { ALARM_KIND_NAMES_ZH, ALARM_KINDS } from './alarm';
import type { FieldIssue } from '../validation';
import { zhParams } from '../validation';
import type { AlarmKind, DeviceAlarm } from './alarm';

/**
 * A smart device in an elder's home (智能设备: call button, smoke or gas alarm, smart water or
 * electricity meter, a fall or movement monitor), registered to one elder and reported on by
 * one device platform. Only registered, active devices raise alarms.
 */
export interface Device {
  deviceId: string;
  elderId: string;
  /** The device platform (the vendor's cloud) that reports this device's alarms. */
  platformId: string;
  /** What it can report; an alarm of another kind is refused. */
  kinds: AlarmKind[];
  /** What the office calls it (客厅烟感), shown to staff only. */
  label?: string | undefined;
  villageCode: string;
  state: 'active' | 'retired';
  registeredBy: string;
  registeredAt: Instant;
  retiredBy?: string | undefined;
  retiredAt?: Instant | undefined;
  retiredReason?: string | undefined;
  version: number;
}

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -');

/** What a liaison or administrator gives to register a device for an elder. */
export const deviceRegistrationSchema = z
  .object({
    deviceId: id,
    platformId: id,
    kinds: z
      .array(z.enum(ALARM_KINDS, { error: `must be one of ${ALARM_KINDS.join(', ')}` }))
      .min(1, 'name at least one kind of alarm the device reports')
      .max(ALARM_KINDS.length)
      .refine((k) => new Set(k).size === k.length, { message: 'must not repeat a kind', ...zhParams('kind_repeated', '同一报警类型填写了两次') }),
    label: z.string().trim().min(1, 'must not be empty').max(40, 'at most 40 characters').optional(),
  })
  .strict();

export type DeviceRegistration = z.infer<typeof deviceRegistrationSchema>;

/** Why an alarm cannot be taken from this device, naming the field: unknown, retired, another elder's, or a kind it does not report. */
export function alarmDeviceIssue(device: Device | undefined, alarm: Pick<DeviceAlarm, 'deviceId' | 'elderId' | 'kind'>): FieldIssue | undefined {
  if (!device) return { field: 'deviceId', rule: `${alarm.deviceId} is not a registered device: the elder's liaison registers it first`, code: 'device_unknown', message: `设备${alarm.deviceId}未登记：须先由老人所在村（居）联络员登记` };
  if (device.state === 'retired')
    return {
      field: 'deviceId',
      rule: `${alarm.deviceId} was retired on ${device.retiredAt ?? '(unknown)'}: it no longer raises alarms`,
      code: 'device_retired',
      message: `设备${alarm.deviceId}已于${device.retiredAt ?? '（日期不详）'}停用，不再接收报警`,
    };
  if (device.elderId !== alarm.elderId) return { field: 'elderId', rule: `device ${alarm.deviceId} is registered to another elder`, code: 'device_of_other_elder', message: `设备${alarm.deviceId}登记在另一位老人名下` };
  if (!device.kinds.includes(alarm.kind)) {
    const kinds = device.kinds.map((k) => ALARM_KIND_NAMES_ZH[k]).join('、');
    return {
      field: 'kind',
      rule: `device ${alarm.deviceId} is registered to report ${device.kinds.join(', ')}, not ${alarm.kind}`,
      code: 'kind_not_registered',
      message: `设备${alarm.deviceId}登记的报警类型为${kinds}，不含${ALARM_KIND_NAMES_ZH[alarm.kind]}`,
    };
  }
  return undefined;
}
