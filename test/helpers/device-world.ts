import { registerDevice } from '../../shared/app/devices';
import type { DevicePlatform } from '../../shared/config/device-config';
import type { ElderRecord } from '../../shared/domain/ledger/elder-record';
import type { Person } from '../../shared/domain/people/person';
import { generateTasks } from '../../shared/app/generate-tasks';
import { loadLedger, newWorld } from './world';
import type { World } from './world';

/** Two device platforms: one for the whole county, one for the first township only. */
export const PLATFORMS: DevicePlatform[] = [
  { id: 'county-care', name: '成华智慧养老平台', areaCode: '510108' },
  { id: 'township-care', name: '某街道呼叫中心', areaCode: '510108001' },
];

export interface DeviceWorld {
  world: World;
  elder: ElderRecord;
  /** An elder of another township (outside `township-care`'s area), with a device of that platform. */
  outsider: ElderRecord;
  liaison: Person;
  deps: World['repos'] & { clock: World['clock']; runtime: World['runtime'] };
}

/**
 * A Sichuan county of 40 elders with the two platforms configured, tasks generated on 16
 * November, the clock at 20 November 10:00; the first elder of township 510108001 with a visitor
 * has a gas alarm and an SOS button on `county-care`.
 */
export async function deviceWorld(): Promise<DeviceWorld> {
  const world = await newWorld('sichuan', '2026-11-16T06:00:00+08:00');
  world.runtime = { ...world.runtime, config: { ...world.runtime.config, devices: { ...world.runtime.config.devices, platforms: PLATFORMS.map((p) => ({ ...p })) } } };
  const ledger = await loadLedger(world, { elders: 40 });
  const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
  await generateTasks(deps);
  world.clock.set('2026-11-20T10:00:00+08:00');
  const records = await world.repos.elders.getMany(ledger.registrations.map((r) => r.id));
  const elders = [...records.values()].sort((a, b) => a.elderId.localeCompare(b.elderId));
  const elder = elders.find((e) => e.townshipCode === '510108001' && e.visitorId !== undefined)!;
  const outsider = elders.find((e) => e.townshipCode !== '510108001')!;
  const liaison = (await world.repos.people.get(`lia-${elder.villageCode}`))!;
  const admin = { personId: 'admin-1', name: '管理员', roles: ['admin' as const], areaCode: '510108', active: true };
  await world.repos.people.save(admin);
  await registerDevice(deps, liaison, elder.elderId, { deviceId: 'gas-001', platformId: 'county-care', kinds: ['gas', 'smoke'], label: '厨房燃气报警器' });
  await registerDevice(deps, liaison, elder.elderId, { deviceId: 'sos-001', platformId: 'county-care', kinds: ['sos', 'fall'] });
  await registerDevice(deps, admin, outsider.elderId, { deviceId: 'sos-900', platformId: 'county-care', kinds: ['sos'] });
  return { world, elder, outsider, liaison, deps };
}
