import { z } from 'zod';
import { listDevices, registerDevice, retireDevice } from '../app/devices';
import { ALARM_KINDS } from '../domain/devices/alarm';
import type { Device } from '../domain/devices/device';
import { route } from './api';
import type { AnyRoute } from './api';
import { answering } from './route-errors';
import { id } from './route-kit';
import type { ApiDeps } from './route-kit';

export const deviceView = z.object({
  deviceId: z.string(),
  elderId: z.string(),
  platformId: z.string(),
  kinds: z.array(z.enum(ALARM_KINDS)),
  label: z.string().optional(),
  state: z.enum(['active', 'retired']),
  registeredBy: z.string(),
  registeredAt: z.string(),
  retiredBy: z.string().optional(),
  retiredAt: z.string().optional(),
  retiredReason: z.string().optional(),
});

const incidentView = z.object({ incidentId: z.string(), deviceId: z.string(), kind: z.enum(ALARM_KINDS), firstAt: z.string(), raised: z.boolean(), followUp: z.string().optional() });

const view = (d: Device): z.input<typeof deviceView> => {
  const { villageCode: _village, version: _version, ...rest } = d;
  return rest;
};

/** The smart-device registry (智能设备): registered and retired by the elder's liaison or an administrator. */
export function deviceRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/elders/{elderId}/devices',
      summary: "An elder's smart devices and their latest incidents (for the elder's visitors and the supervisors of their village)",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      response: z.object({ devices: z.array(deviceView), incidents: z.array(incidentView) }),
      handle: async ({ principal, params }) => {
        const r = await answering(() => listDevices(deps, principal, params.elderId));
        return { devices: r.devices.map(view), incidents: r.incidents.map((i) => ({ incidentId: i.incidentId, deviceId: i.deviceId, kind: i.kind, firstAt: i.firstAt, raised: i.raised, ...(i.followUp ? { followUp: i.followUp } : {}) })) };
      },
    }),
    route({
      method: 'POST',
      path: '/elders/{elderId}/devices',
      summary: "Register a smart device for an elder (the elder's liaison or an administrator): its id, its platform, what it reports",
      auth: 'user',
      params: z.object({ elderId: id }).strict(),
      // The registration is checked by the use case with its own schema (each field named).
      body: z.record(z.string(), z.unknown()),
      status: 201,
      response: z.object({ device: deviceView, created: z.boolean() }),
      handle: async ({ principal, params, body }) => {
        const r = await answering(() => registerDevice(deps, principal, params.elderId, body));
        return { device: view(r.device), created: r.created };
      },
    }),
    route({
      method: 'POST',
      path: '/devices/{deviceId}/retire',
      summary: 'Retire a smart device: its alarms are refused from then on (it stays on record)',
      auth: 'user',
      params: z.object({ deviceId: id }).strict(),
      body: z.object({ reason: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters') }).strict(),
      response: z.object({ device: deviceView, retired: z.boolean() }),
      handle: async ({ principal, params, body }) => {
        const r = await answering(() => retireDevice(deps, principal, params.deviceId, body.reason));
        return { device: view(r.device), retired: r.retired };
      },
    }),
  ];
}
