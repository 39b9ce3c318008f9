import { createHash } from 'node:crypto';
import { signedHeaders } from '../../shared/adapters/http/device-signature';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { registerDevice } from '../../shared/app/devices';
import type { DeviceAlarmResult } from '../../shared/app/device-alarm';
import { recordFollowUpOutcome } from '../../shared/app/follow-up-outcome';
import type { FollowUpOutcomeResult } from '../../shared/app/follow-up-outcome';
import type { RegionRuntime } from '../../shared/config/region-config';
import type { AlarmKind } from '../../shared/domain/devices/alarm';
import type { ElderRegistrationInput } from '../../shared/domain/elder/registration';
import type { Person } from '../../shared/domain/people/person';
import { instantAt } from '../../shared/domain/time/instant';
import type { LocalDate } from '../../shared/domain/time/local-date';
import type { Clock } from '../../shared/ports';
import { createHandler as deviceAlarmHandler } from '../../functions/device-alarm/handler';
import type { DeviceAlarmHttpResult } from '../../functions/device-alarm/handler';
import { lambdaContext } from './lambda-context';
import { Random } from './random';

/** The simulated smart-device platform (智慧养老平台) of the whole deployment, and its key. */
export const SIMULATED_PLATFORM = { id: 'sim-care-platform', name: '模拟智慧养老平台' };
const simulatedKey = (seed: number) => createHash('sha256').update(`tanfang-simulated-platform:${seed}`).digest();

/** The region as simulated: one device platform serving the whole deployment. */
export function withSimulatedPlatform(runtime: RegionRuntime): RegionRuntime {
  const { config } = runtime;
  if (config.devices.platforms.some((p) => p.id === SIMULATED_PLATFORM.id)) return runtime;
  return { ...runtime, config: { ...config, devices: { ...config.devices, platforms: [...config.devices.platforms, { ...SIMULATED_PLATFORM, areaCode: config.deploymentArea }] } } };
}

const DEVICES: { suffix: string; kinds: AlarmKind[]; label: string }[] = [
  { suffix: 'gas', kinds: ['gas', 'smoke'], label: '厨房燃气报警器' },
  { suffix: 'sos', kinds: ['sos', 'fall'], label: '床头紧急呼叫器' },
];

/** Registers a gas alarm and a call button for the first few elders who have a village liaison, as that liaison. Returns the elder whose gas alarm will go off. */
export async function registerSimulatedDevices(
  deps: Repositories & { clock: Clock; runtime: RegionRuntime },
  registrations: readonly ElderRegistrationInput[],
  people: readonly Person[],
  count = 4,
): Promise<{ registered: number; elderId: string | undefined }> {
  let registered = 0;
  let first: string | undefined;
  for (const r of registrations.slice(0, count * 3)) {
    if (registered >= count * DEVICES.length) break;
    const liaison = people.find((p) => p.roles.includes('liaison') && p.areaCode === r.residence.areaCode);
    if (!liaison) continue;
    for (const d of DEVICES) {
      const { created } = await registerDevice(deps, liaison, r.id, { deviceId: `${r.id}-${d.suffix}`, platformId: SIMULATED_PLATFORM.id, kinds: d.kinds, label: d.label });
      if (created) registered++;
    }
    first ??= r.id;
  }
  return { registered, elderId: first };
}

/**
 * The platform reports a gas leak in the afternoon, then again twice while it lasts: three
 * signed POSTs through the device-alarm function, one incident, one set of SMS.
 */
export async function postSimulatedAlarms(deps: Repositories & { clock: Clock & { set(at: string): void }; runtime: RegionRuntime }, seed: number, elderId: string, date: LocalDate): Promise<DeviceAlarmResult[]> {
  const handler = deviceAlarmHandler(() => ({ ...deps, keys: async (id) => (id === SIMULATED_PLATFORM.id ? simulatedKey(seed) : undefined) }));
  const results: DeviceAlarmResult[] = [];
  for (const time of ['14:20:00', '14:26:00', '14:41:00']) {
    const at = instantAt(date, time);
    deps.clock.set(instantAt(date, time.replace(/:00$/, ':20')));
    const body = JSON.stringify({ deviceId: `${elderId}-gas`, elderId, kind: 'gas', at, reading: { value: 1800, unit: 'ppm' } });
    const event = { requestContext: { http: { method: 'POST' } }, headers: { 'content-type': 'application/json', ...signedHeaders(simulatedKey(seed), SIMULATED_PLATFORM.id, body, deps.clock.now()) }, body, isBase64Encoded: false };
    const answer = (await handler(event, lambdaContext('device-alarm'))) as DeviceAlarmHttpResult;
    if (answer.statusCode >= 300) throw new Error(`the simulated alarm was refused: ${answer.body}`);
    results.push(JSON.parse(answer.body) as DeviceAlarmResult);
  }
  return results;
}

/**
 * Township instructors work their follow-ups (跟踪回访) at 10:00 once a follow-up is a day old:
 * most find it resolved, some unresolved (the next round opens), some wait and escalate to the
 * county. Decided from the seed per follow-up and round.
 */
export async function workFollowUps(deps: Repositories & { clock: Clock; runtime: RegionRuntime }, seed: number, instructors: readonly Person[], today: LocalDate): Promise<FollowUpOutcomeResult[]> {
  const done: FollowUpOutcomeResult[] = [];
  for (const instructor of instructors) {
    for (const task of await deps.tasks.openForVisitor(instructor.personId)) {
      if (task.kind !== 'follow_up' || task.start >= today) continue;
      const choice = Random.for(seed, `follow-up:${task.elderId}#${task.taskId}`).weighted([
        ['resolved', 75],
        ['unresolved', 10],
        ['wait', 15],
      ] as const);
      if (choice === 'wait') continue;
      const note = choice === 'resolved' ? '已电话回访，隐患已排除，转介服务已落实' : '回访时服务尚未落实，继续跟踪';
      done.push(await recordFollowUpOutcome(deps, { elderId: task.elderId, taskId: task.taskId, by: instructor.personId, outcome: { method: 'phone', outcome: choice, note } }));
    }
  }
  return done;
}
