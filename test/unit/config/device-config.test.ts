import { describe, expect, it } from 'vitest';
import { DEVICE_KEY_PLACEHOLDER, deviceKeysTemplate, parseDeviceKeys } from '../../../shared/config/device-keys';
import { resolveRegion } from '../../../shared/config/load';
import { REGION_CONFIG_DIR } from '../../../shared/config/load';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const sichuan = () => JSON.parse(readFileSync(join(REGION_CONFIG_DIR, 'sichuan.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const resolve = (config: unknown) => resolveRegion(config, 'sichuan.json');
const platform = { id: 'sc-care', name: '成华智慧养老平台', areaCode: '510108' };

describe('Device settings in the region config', () => {
  it('defaults to no platforms, a 30-minute merge window, a 60-minute age limit and 300 s of signature tolerance', () => {
    const { devices: _bundled, ...config } = sichuan();
    expect(resolve(config).config.devices).toEqual({ platforms: [], mergeMinutes: 30, maxAgeMinutes: 60, signatureToleranceSeconds: 300 });
  });

  it('takes a platform serving an area of the deployment, with the device templates filed', () => {
    expect(resolve({ ...sichuan(), devices: { platforms: [platform] } }).config.devices.platforms).toEqual([platform]);
  });

  it('refuses a platform outside the deployment, naming the field', () => {
    expect(() => resolve({ ...sichuan(), devices: { platforms: [{ ...platform, areaCode: '370811' }] } })).toThrow(/devices\.platforms\.0\.areaCode: 370811 is not within deploymentArea 510108/);
  });

  it('asks a domestic provider for the device-alarm template codes once a platform is named', () => {
    const config = sichuan();
    const codes = { ...(config.sms!.templateCodes as Record<string, string>) };
    delete codes.device_alarm_family;
    expect(() => resolve({ ...config, sms: { ...config.sms, templateCodes: codes }, devices: { platforms: [platform] } })).toThrow(/sms\.templateCodes\.device_alarm_family: is required while devices\.platforms names a platform/);
  });

  it('refuses repeated platform ids and a merge window outside its bounds', () => {
    expect(() => resolve({ ...sichuan(), devices: { platforms: [platform, platform] } })).toThrow(/devices\.platforms: platform ids must be unique/);
    expect(() => resolve({ ...sichuan(), devices: { mergeMinutes: 0 } })).toThrow(/devices\.mergeMinutes/);
  });
});

describe('The device platforms’ keys secret', () => {
  it('reads keys by platform and leaves placeholders out', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const keys = parseDeviceKeys(JSON.stringify({ platforms: { a: key, b: DEVICE_KEY_PLACEHOLDER } }));
    expect([...keys.keys()]).toEqual(['a']);
    expect(deviceKeysTemplate(['a', 'b'])).toEqual({ platforms: { a: DEVICE_KEY_PLACEHOLDER, b: DEVICE_KEY_PLACEHOLDER } });
  });

  it('refuses a short key or a broken secret without printing a key', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    expect(() => parseDeviceKeys(JSON.stringify({ platforms: { a: short } }))).toThrow(/platforms\.a: must be base64 of at least 32 random bytes/);
    expect(() => parseDeviceKeys(JSON.stringify({ platforms: { a: short } }))).not.toThrow(new RegExp(short.replace(/[+/=]/g, '.')));
    expect(() => parseDeviceKeys('not json')).toThrow(/is not JSON/);
  });
});
