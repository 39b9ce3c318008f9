import { canManageDevices, canSeeDevices } from '../domain/access/care';
import { currentVisitors } from '../domain/access/access';
import type { Principal } from '../domain/access/access';
import { deviceRegistrationSchema } from '../domain/devices/device';
import type { Device } from '../domain/devices/device';
import type { Incident } from '../domain/devices/incident';
import { isWithin } from '../domain/elder/area-code';
import type { ElderRecord } from '../domain/ledger/elder-record';
import { isActive } from '../domain/task/lifecycle';
import { toInstant } from '../domain/time/instant';
import { parseOrThrow, ValidationError } from '../domain/validation';
import type { RegionRuntime } from '../config/region-config';
import type { Clock, DeviceStore, ElderRepository, TaskRepository } from '../ports';
import { ConflictError, NotFoundError } from './errors';
import { ForbiddenError } from './supervise';

export interface DevicesDeps {
  devices: DeviceStore;
  elders: ElderRepository;
  tasks: TaskRepository;
  clock: Clock;
  runtime: RegionRuntime;
}

async function elderFor(deps: DevicesDeps, elderId: string): Promise<ElderRecord> {
  const elder = await deps.elders.get(elderId);
  if (!elder) throw new NotFoundError(`no elder ${elderId}`);
  return elder;
}

function mustManage(p: Principal, villageCode: string): void {
  const decision = canManageDevices(p, villageCode);
  if (!decision.allowed) throw new ForbiddenError(`${p.personId} ${decision.reason}`);
}

const sameRegistration = (a: Device, b: Pick<Device, 'elderId' | 'platformId' | 'kinds' | 'label'>) =>
  a.elderId === b.elderId && a.platformId === b.platformId && a.label === b.label && [...a.kinds].sort().join() === [...b.kinds].sort().join();

/**
 * Registers a smart device for an elder (the elder's liaison or an administrator). A device id
 * is one device: registering it again with the same details changes nothing; while it is
 * active for anyone else it is refused; a retired id may be registered anew.
 */
export async function registerDevice(deps: DevicesDeps, p: Principal, elderId: string, input: unknown): Promise<{ device: Device; created: boolean }> {
  const form = parseOrThrow(deviceRegistrationSchema, input, 'device registration');
  const platform = deps.runtime.config.devices.platforms.find((x) => x.id === form.platformId);
  if (!platform) {
    const known = deps.runtime.config.devices.platforms.map((x) => x.id);
    throw new ValidationError('device registration', [
      {
        field: 'platformId',
        rule: `no device platform "${form.platformId}" in this region's config (devices.platforms: ${known.join(', ') || 'none'})`,
        code: 'platform_unknown',
        message: `本地区配置中没有设备平台“${form.platformId}”（已配置：${known.join('、') || '无'}）`,
      },
    ]);
  }
  const elder = await elderFor(deps, elderId);
  mustManage(p, elder.villageCode);
  if (!isWithin(elder.villageCode, platform.areaCode))
    throw new ValidationError('device registration', [
      {
        field: 'platformId',
        rule: `${platform.id} serves area ${platform.areaCode}, which does not include village ${elder.villageCode}`,
        code: 'platform_outside_area',
        message: `设备平台${platform.id}的服务区域${platform.areaCode}不包含老人所在村（社区）${elder.villageCode}`,
      },
    ]);
  const wanted = { elderId, platformId: form.platformId, kinds: form.kinds, label: form.label };
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await deps.devices.getDevice(form.deviceId);
    if (existing?.state === 'active') {
      if (sameRegistration(existing, wanted)) return { device: existing, created: false };
      throw new ConflictError(`device ${form.deviceId} is registered to ${existing.elderId === elderId ? 'this elder with other details' : 'another elder'}: retire it first`, [
        { field: 'deviceId', rule: 'is already registered', code: 'device_registered', message: existing.elderId === elderId ? '该设备已为这位老人登记，但登记信息不同：请先停用再重新登记' : '该设备已登记在另一位老人名下：请先停用' },
      ]);
    }
    const device: Device = { deviceId: form.deviceId, ...wanted, villageCode: elder.villageCode, state: 'active', registeredBy: p.personId, registeredAt: toInstant(deps.clock.now()), version: (existing?.version ?? 0) + 1 };
    if (await deps.devices.putDevice(device, existing?.version)) return { device, created: true };
  }
  throw new ConflictError(`device ${form.deviceId} was registered meanwhile`, [{ field: 'deviceId', rule: 'changed while this registration was made; try again', code: 'changed_meanwhile', message: '登记过程中该设备已被他人修改，请重试' }]);
}

/** Retires a device: its alarms are refused from now on (it stays on record). Retiring it again changes nothing. */
export async function retireDevice(deps: DevicesDeps, p: Principal, deviceId: string, reason: string): Promise<{ device: Device; retired: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const device = await deps.devices.getDevice(deviceId);
    if (!device) throw new NotFoundError(`no device ${deviceId}`);
    const elder = await deps.elders.get(device.elderId);
    mustManage(p, elder?.villageCode ?? device.villageCode);
    if (device.state === 'retired') return { device, retired: false };
    const retired: Device = { ...device, state: 'retired', retiredBy: p.personId, retiredAt: toInstant(deps.clock.now()), retiredReason: reason, version: device.version + 1 };
    if (await deps.devices.putDevice(retired, device.version)) return { device: retired, retired: true };
  }
  throw new Error(`device ${deviceId} kept changing; nothing was written, try again`);
}

/** An elder's devices and latest incidents, for whoever works the elder's needs. */
export async function listDevices(deps: DevicesDeps, p: Principal, elderId: string): Promise<{ devices: Device[]; incidents: Incident[] }> {
  const elder = await elderFor(deps, elderId);
  const open = (await deps.tasks.forElder(elderId)).filter((t) => isActive(t.state));
  const decision = canSeeDevices(p, elder.villageCode, currentVisitors(elder, open));
  if (!decision.allowed) throw new ForbiddenError(`${p.personId} ${decision.reason}`);
  const [devices, incidents] = await Promise.all([deps.devices.devicesOf(elderId), deps.devices.incidentsOf(elderId, 20)]);
  return { devices, incidents };
}
