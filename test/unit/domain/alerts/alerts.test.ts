import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { levelAtLeast, parseAlert, parseCapAlert, parseJsonAlert } from '../../../../shared/domain/alerts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../fixtures/alerts', name), 'utf8');
const heat = fixture('heat-red-alert.xml');

describe('CAP 1.2 weather warnings', () => {
  it('reads a red heat warning for two townships', () => {
    expect(parseCapAlert(heat)).toEqual({
      identifier: '51010841600000_20260720100000',
      sender: '成华区气象台',
      sent: '2026-07-20T10:00:00+08:00',
      msgType: 'Alert',
      references: [],
      event: 'heat',
      level: 'red',
      areaCodes: ['510108001', '510108002'],
      onset: '2026-07-20T10:00:00+08:00',
      expires: '2026-07-22T10:00:00+08:00',
      headline: '成华区气象台发布高温红色预警信号',
      description: '预计未来24小时内最高气温将升至40℃以上，请注意防暑降温。',
    });
  });

  it('reads an Update by its references, taking the colour from the text over severity, onset from sent', () => {
    const a = parseCapAlert(fixture('typhoon-update.xml'));
    expect(a).toMatchObject({ msgType: 'Update', references: ['35058141600000_20260801080000'], event: 'typhoon', level: 'orange', areaCodes: ['350581'], onset: '2026-08-01T16:00:00+08:00' });
  });

  it('reads a Cancel written with a namespace prefix', () => {
    expect(parseCapAlert(fixture('cancel.xml'))).toMatchObject({ msgType: 'Cancel', references: ['51010841600000_20260720100000'], event: 'heat' });
  });

  it('prefers the Chinese <info>, merges its areas and drops repeated codes', () => {
    expect(parseCapAlert(fixture('multi-area.xml'))).toMatchObject({ event: 'cold_wave', level: 'blue', areaCodes: ['370811', '370812'], onset: '2026-12-01T08:00:00+08:00' });
  });

  it('takes the level from severity when the text names no colour', () => {
    const xml = heat.replaceAll('高温红色预警', '高温预警').replace('高温红色预警信号', '高温预警信号').replace('<severity>Extreme</severity>', '<severity>Severe</severity>');
    expect(parseCapAlert(xml).level).toBe('orange');
  });

  it('rejects XML that is not well formed, with line and column', () => {
    expect(() => parseCapAlert(heat.replace('</sender>', '</sendr>'))).toThrow(/\(xml\): not well-formed XML at line 4, column \d+/);
  });

  it('rejects an unknown warning type, listing the known ones', () => {
    const xml = heat.replaceAll('高温', '地震').replace('11B09', '99X99');
    expect(() => parseCapAlert(xml)).toThrow(/info\.event: "地震红色预警 \/ .*" is not a known warning type; known: typhoon \(台风\)/);
  });

  it('refuses exercises and tests: only Actual alerts raise visits', () => {
    expect(() => parseCapAlert(heat.replace('<status>Actual</status>', '<status>Test</status>'))).toThrow(/alert\.status: is "Test": only Actual alerts raise visits/);
  });

  it('refuses Ack and Error messages', () => {
    expect(() => parseCapAlert(heat.replace('<msgType>Alert</msgType>', '<msgType>Ack</msgType>'))).toThrow(/alert\.msgType: is "Ack": must be Alert, Update or Cancel/);
  });

  it('names a missing expiry and a bad area code', () => {
    expect(() => parseCapAlert(heat.replace(/<expires>.*<\/expires>/, ''))).toThrow(/info\.expires/);
    expect(() => parseCapAlert(heat.replace('510108002', '5101080'))).toThrow(/info\.area\.geocode\.value\.1/);
  });

  it('rejects another root element or a missing CAP namespace', () => {
    expect(() => parseCapAlert('<warning><id>1</id></warning>')).toThrow(/alert: the root element must be a CAP <alert>/);
    expect(() => parseCapAlert(heat.replace(' xmlns="urn:oasis:names:tc:emergency:cap:1.2"', ''))).toThrow(/alert\.xmlns: must be the CAP 1\.2 namespace/);
  });

  it('rejects an Update without references', () => {
    expect(() => parseCapAlert(fixture('typhoon-update.xml').replace(/<references>.*<\/references>/, ''))).toThrow(/references: an Update must reference the message it updates/);
  });

  it('refuses an oversized body', () => {
    expect(() => parseCapAlert(heat.replace('<description>', `<description>${'热'.repeat(100_000)}`))).toThrow(/larger than 256 KiB/);
  });
});

describe('the JSON form', () => {
  const good = {
    identifier: 'sh-2026-0801-typhoon',
    sender: '上海中心气象台',
    sent: '2026-08-01T00:00:00Z',
    event: 'typhoon',
    level: 'red',
    areaCodes: ['310101', '310104'],
    onset: '2026-08-01T08:00:00+08:00',
    expires: '2026-08-02T20:00:00+08:00',
  };

  it('reads it, normalising times to China Standard Time and defaulting msgType', () => {
    expect(parseJsonAlert(good)).toMatchObject({ sent: '2026-08-01T08:00:00+08:00', msgType: 'Alert', references: [] });
  });

  it('rejects unknown fields, bad levels and an expiry before onset, naming each', () => {
    expect(() => parseJsonAlert({ ...good, colour: 'red' })).toThrow(/Unrecognized key: "colour"/);
    expect(() => parseJsonAlert({ ...good, level: 'purple' })).toThrow(/level: must be one of blue, yellow, orange, red/);
    expect(() => parseJsonAlert({ ...good, expires: '2026-08-01T07:00:00+08:00' })).toThrow(/expires: must be after onset/);
    expect(() => parseJsonAlert({ ...good, onset: '2026-08-01 08:00' })).toThrow(/onset: must be an ISO 8601 time with an offset/);
  });

  it('parseAlert picks the form by content type or first character', () => {
    expect(parseAlert(JSON.stringify(good)).event).toBe('typhoon');
    expect(parseAlert(heat, 'application/cap+xml').event).toBe('heat');
    expect(parseAlert(`  ${heat.slice(heat.indexOf('<alert'))}`).level).toBe('red');
    expect(() => parseAlert('not json')).toThrow(/\(body\): not JSON or CAP XML/);
  });

  it('orders colour levels', () => {
    expect(levelAtLeast('red', 'orange')).toBe(true);
    expect(levelAtLeast('yellow', 'orange')).toBe(false);
    expect(levelAtLeast('blue', 'blue')).toBe(true);
  });
});
