import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEVICE_KEYS_FILE, FileDeviceKeys } from '../../shared/adapters/local/device-keys';
import { signedHeaders } from '../../shared/adapters/http/device-signature';
import { DeviceRefusedError, ingestDeviceAlarm } from '../../shared/app/device-alarm';
import { listDevices, registerDevice, retireDevice } from '../../shared/app/devices';
import { loadRegion } from '../../shared/config/load';
import { readLines, requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';
import { cliPrincipal } from '../principal';

export const USAGE = `tanfang device register --data <dir> --region <name> --elder <id> --device <id> --platform <id> --kinds <fall,sos,…> [--label <text>] --by <personId>
tanfang device retire --data <dir> --region <name> --device <id> --reason <text> --by <personId>
tanfang device list --data <dir> --region <name> --elder <id> [--as <personId>]
tanfang device alarm --data <dir> --region <name> --platform <id> [--at <time>]   (the alarm JSON on stdin)
tanfang device sign --data <dir> --platform <id>   (a request body on stdin → the signing headers, with the local key)`;

async function stdinText(io: CliIo): Promise<string> {
  const lines: string[] = [];
  for await (const { line } of readLines(io.stdin)) lines.push(line);
  return lines.join('\n');
}

/**
 * `tanfang device`: the smart-device registry and alarms on a local database, through the same
 * use cases as the API and the alarm endpoint. `alarm` takes an alarm as the named platform
 * would send it (the CLI is the office's own tool: no signature); `sign` prints the headers a
 * platform sends to `tanfang serve`, from the local key file (made on first use).
 */
export async function deviceCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || !['register', 'retire', 'list', 'alarm', 'sign'].includes(sub)) throw new UsageError(`unknown device command "${sub ?? ''}"\n${USAGE}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      region: { type: 'string' },
      elder: { type: 'string' },
      device: { type: 'string' },
      platform: { type: 'string' },
      kinds: { type: 'string' },
      label: { type: 'string' },
      by: { type: 'string' },
      as: { type: 'string' },
      reason: { type: 'string' },
      at: { type: 'string' },
    },
    strict: true,
  });
  if (sub === 'sign') {
    const dir = requireOption(values, 'data', 'the folder of the local database `tanfang serve` runs on');
    const platform = requireOption(values, 'platform', 'a platform id of the region config (devices.platforms)');
    const key = new FileDeviceKeys(join(resolve(dir), DEVICE_KEYS_FILE)).key(platform, true)!;
    writeLine(io.stdout, signedHeaders(key, platform, await stdinText(io), values.at ? new Date(values.at) : new Date()));
    return 0;
  }
  const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  const body = sub === 'alarm' ? await stdinText(io) : undefined;
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    const deps = { ...repos, clock, runtime };
    if (sub === 'alarm') {
      let alarm: unknown;
      try {
        alarm = JSON.parse(body ?? '');
      } catch {
        throw new UsageError('stdin must hold one alarm as JSON: {"deviceId","elderId","kind","at","reading"?}');
      }
      try {
        writeLine(io.stdout, await ingestDeviceAlarm(deps, { platformId: requireOption(values, 'platform', 'the platform the alarm comes from'), alarm }));
      } catch (error) {
        if (!(error instanceof DeviceRefusedError)) throw error;
        writeLine(io.stderr, `tanfang device: ${error.message}`);
        writeLine(io.stderr, `说明：报警未受理：${error.issues.map((i) => `${i.field}：${i.message ?? i.rule}`).join('；')}`);
        return 1;
      }
      return 0;
    }
    if (sub === 'list') {
      const p = await cliPrincipal(repos.people, runtime.config, values.as, false);
      const r = await listDevices(deps, p, requireOption(values, 'elder', 'an elder id'));
      for (const d of r.devices) writeLine(io.stdout, { device: d });
      for (const i of r.incidents) writeLine(io.stdout, { incident: i, alarms: await repos.devices.alarmCount(i.incidentId) });
      return 0;
    }
    const p = await cliPrincipal(repos.people, runtime.config, requireOption(values, 'by', 'the liaison or administrator on the roster'), true);
    if (sub === 'retire') {
      writeLine(io.stdout, await retireDevice(deps, p, requireOption(values, 'device', 'a device id'), requireOption(values, 'reason', 'why, for the record')));
      return 0;
    }
    const kinds = requireOption(values, 'kinds', 'what it reports, e.g. smoke or fall,sos')
      .split(',')
      .map((k) => k.trim());
    writeLine(
      io.stdout,
      await registerDevice(deps, p, requireOption(values, 'elder', 'an elder id'), {
        deviceId: requireOption(values, 'device', 'the id its platform uses'),
        platformId: requireOption(values, 'platform', 'a platform of devices.platforms'),
        kinds,
        ...(values.label ? { label: values.label } : {}),
      }),
    );
    return 0;
  });
}
