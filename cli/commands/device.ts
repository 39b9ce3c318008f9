import { join, resolve } from 'node:path';
import { DEVICE_KEYS_FILE, FileDeviceKeys } from '../../shared/adapters/local/device-keys';
import { signedHeaders } from '../../shared/adapters/http/device-signature';
import { DeviceRefusedError, ingestDeviceAlarm } from '../../shared/app/device-alarm';
import { listDevices, registerDevice, retireDevice } from '../../shared/app/devices';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount, StoreOptionValues } from '../program/mount';
import { cliPrincipal } from '../principal';
import { stdinText } from '../stdin';
import { regionOf, withStore } from '../store';

interface RegisterOptions extends StoreOptionValues {
  elder: string;
  device: string;
  platform: string;
  kinds: string;
  label?: string;
  by: string;
}

interface RetireOptions extends StoreOptionValues {
  device: string;
  reason: string;
  by: string;
}

interface ListOptions extends StoreOptionValues {
  elder: string;
  as?: string;
}

interface AlarmOptions extends StoreOptionValues {
  platform: string;
}

async function register(o: RegisterOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const p = await cliPrincipal(repos.people, runtime.config, o.by, true);
    const kinds = o.kinds.split(',').map((k) => k.trim());
    writeLine(io.stdout, await registerDevice({ ...repos, clock, runtime }, p, o.elder, { deviceId: o.device, platformId: o.platform, kinds, ...(o.label ? { label: o.label } : {}) }));
    return 0;
  });
}

async function retire(o: RetireOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const p = await cliPrincipal(repos.people, runtime.config, o.by, true);
    writeLine(io.stdout, await retireDevice({ ...repos, clock, runtime }, p, o.device, o.reason));
    return 0;
  });
}

async function list(o: ListOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const p = await cliPrincipal(repos.people, runtime.config, o.as, false);
    const r = await listDevices({ ...repos, clock, runtime }, p, o.elder);
    for (const d of r.devices) writeLine(io.stdout, { device: d });
    for (const i of r.incidents) writeLine(io.stdout, { incident: i, alarms: await repos.devices.alarmCount(i.incidentId) });
    return 0;
  });
}

/** An alarm as the named platform would send it (the CLI is the office's own tool: no signature). */
async function alarm(o: AlarmOptions, io: CliIo): Promise<number> {
  // On a deployed region an unsigned alarm would page real liaisons and families: platforms send them, signed, to its endpoint.
  if (o.stack !== undefined) throw new UsageError('device alarm is for local databases; a deployed region takes alarms only from the platforms, signed, at its alarm endpoint');
  const runtime = regionOf(o);
  let body: unknown;
  try {
    body = JSON.parse(await stdinText(io));
  } catch {
    throw new UsageError('stdin must hold one alarm as JSON: {"deviceId","elderId","kind","at","reading"?}');
  }
  return withStore(o, async (repos, clock) => {
    try {
      writeLine(io.stdout, await ingestDeviceAlarm({ ...repos, clock, runtime }, { platformId: o.platform, alarm: body }));
    } catch (error) {
      if (!(error instanceof DeviceRefusedError)) throw error;
      writeLine(io.stderr, `tanfang device: ${error.message}`);
      writeLine(io.stderr, `说明：报警未受理：${error.issues.map((i) => `${i.field}：${i.message ?? i.rule}`).join('；')}`);
      return 1;
    }
    return 0;
  });
}

/** The headers a platform sends to `tanfang serve`, from the local key file (made on first use). */
async function sign(o: { data: string; platform: string; at?: string }, io: CliIo): Promise<number> {
  if (o.at !== undefined && Number.isNaN(Date.parse(o.at))) throw new UsageError(`--at must be an ISO 8601 time such as 2026-11-20T09:00:00+08:00, got "${o.at}"`);
  const key = new FileDeviceKeys(join(resolve(o.data), DEVICE_KEYS_FILE)).key(o.platform, true)!;
  writeLine(io.stdout, signedHeaders(key, o.platform, await stdinText(io), o.at ? new Date(o.at) : new Date()));
  return 0;
}

const ELDER = ['--elder <id>', 'the elder, e.g. E000032'] as const;
const BY = ['--by <personId>', 'the liaison or administrator on the roster (it is recorded)'] as const;
const PLATFORM = ['--platform <id>', 'a platform of the region config’s devices.platforms'] as const;

/** `tanfang device`: the smart-device registry and alarms, through the same use cases as the API and the alarm endpoint. */
export const mountDevice: Mount = (program, io, setCode) => {
  const device = program.command('device').description('smart devices (智能设备) of elders, and their alarms');
  withExamples(device, ['tanfang device list --data .tanfang/db --region sichuan --elder E000032', 'tanfang device register --help']);

  const reg = storeOptions(device.command('register').description('register a device of an elder (the elder’s liaison or an administrator)'))
    .requiredOption(...ELDER)
    .requiredOption('--device <id>', 'the id its platform uses')
    .requiredOption(...PLATFORM)
    .requiredOption('--kinds <kind,kind…>', 'what it reports, e.g. smoke or fall,sos')
    .option('--label <text>', 'where it is, e.g. 厨房')
    .requiredOption(...BY);
  withExamples(reg, ['tanfang device register --stack Tanfang-sichuan --elder E000032 --device gas-1 --platform chenghua-care --kinds gas,smoke --label 厨房 --by lia-510108001001']);
  reg.action(exitWith(setCode, () => register(reg.opts<RegisterOptions>(), io)));

  const ret = storeOptions(device.command('retire').description('retire a device: its alarms are no longer taken'))
    .requiredOption('--device <id>', 'the device')
    .requiredOption('--reason <text>', 'why, for the record')
    .requiredOption(...BY);
  withExamples(ret, ['tanfang device retire --data .tanfang/db --region sichuan --device gas-1 --reason 老人搬离 --by lia-510108001001']);
  ret.action(exitWith(setCode, () => retire(ret.opts<RetireOptions>(), io)));

  const listing = storeOptions(device.command('list').description('an elder’s devices and their incidents'))
    .requiredOption(...ELDER)
    .option('--as <personId>', 'act as this person of the roster (default: the office’s administrator)');
  withExamples(listing, ['tanfang device list --stack Tanfang-sichuan --elder E000032 --as lia-510108001001']);
  listing.action(exitWith(setCode, () => list(listing.opts<ListOptions>(), io)));

  const al = storeOptions(device.command('alarm').description('take an alarm (JSON on stdin) as the platform would send it, on a local database')).requiredOption(...PLATFORM);
  withExamples(al, ['tanfang device alarm --data .tanfang/db --region sichuan --platform chenghua-care < alarm.json']);
  al.action(exitWith(setCode, () => alarm(al.opts<AlarmOptions>(), io)));

  const signing = device
    .command('sign')
    .description('the headers a platform signs a request body (stdin) with, from the local key file of --data')
    .requiredOption('--data <dir>', 'the folder of the local database `tanfang serve` runs on')
    .requiredOption(...PLATFORM)
    .option('--at <time>', 'the signing time (ISO 8601 with offset; default now)');
  withExamples(signing, ['tanfang device sign --data .tanfang/db --platform chenghua-care < alarm.json']);
  signing.action(exitWith(setCode, () => sign(signing.opts<{ data: string; platform: string; at?: string }>(), io)));
};
