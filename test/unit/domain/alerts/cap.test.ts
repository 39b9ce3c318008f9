import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIONAL_EVENT_CODES, parseCapAlert } from '../../../../shared/domain/alerts';
import { ValidationError } from '../../../../shared/domain/validation';
import type { FieldIssue } from '../../../../shared/domain/validation';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../fixtures/alerts', name), 'utf8');
const heat = fixture('heat-red-alert.xml');

/** The issues a parse fails with; fails the test when it does not throw a ValidationError. */
function issuesOf(xml: string): readonly FieldIssue[] {
  try {
    parseCapAlert(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected the CAP alert to be rejected');
}

/** The heat sample with one <info> child replaced (or removed with ''). */
const heatWith = (element: string, replacement: string) => {
  const out = heat.replace(new RegExp(`<${element}>[^<]*</${element}>`), replacement);
  expect(out).not.toBe(heat);
  return out;
};

describe('parseCapAlert: real-shaped warnings', () => {
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

  it('reads an orange typhoon Update: the identifier out of the references triple, onset defaulting to sent', () => {
    expect(parseCapAlert(fixture('typhoon-update.xml'))).toMatchObject({
      identifier: '35058141600000_20260801160000',
      msgType: 'Update',
      references: ['35058141600000_20260801080000'],
      event: 'typhoon',
      level: 'orange',
      areaCodes: ['350581'],
      onset: '2026-08-01T16:00:00+08:00',
      expires: '2026-08-03T16:00:00+08:00',
    });
  });

  it('reads a Cancel written with a cap: namespace prefix', () => {
    expect(parseCapAlert(fixture('cancel.xml'))).toMatchObject({ msgType: 'Cancel', references: ['51010841600000_20260720100000'], event: 'heat', level: 'red', areaCodes: ['510108'] });
  });

  it('prefers the zh-CN <info>, merges all its <area>s and <geocode>s and drops repeated codes', () => {
    expect(parseCapAlert(fixture('multi-area.xml'))).toMatchObject({ event: 'cold_wave', level: 'blue', areaCodes: ['370811', '370812'], onset: '2026-12-01T08:00:00+08:00' });
  });

  it('reads the national system’s quirks: spaced times, empty <onset/> (effective instead), 12-digit padded codes', () => {
    expect(parseCapAlert(fixture('rainstorm-national.xml'))).toMatchObject({
      sent: '2026-06-10T08:00:00+08:00',
      event: 'rainstorm',
      level: 'orange',
      areaCodes: ['440304', '440303'],
      onset: '2026-06-10T08:10:00+08:00',
      expires: '2026-06-10T20:00:00+08:00',
    });
  });

  it('uses the first <info> when none is Chinese, and reads English event names', () => {
    const english = fixture('multi-area.xml').replace(/<info>\s*<language>zh-CN[\s\S]*?<\/info>/, '');
    expect(parseCapAlert(english)).toMatchObject({ event: 'cold_wave', level: 'yellow', areaCodes: ['370811'] });
    expect(parseCapAlert(heatWith('event', '<event>Heat Wave</event>').replace('高温红色预警信号', 'Red Heat Warning')).event).toBe('heat');
  });
});

describe('parseCapAlert: event type', () => {
  it('maps every national 11B code it knows to its event', () => {
    for (const [code, event] of Object.entries(NATIONAL_EVENT_CODES)) {
      const xml = heatWith('event', '<event>气象灾害预警</event>').replace('11B09', code).replace('高温红色预警信号', '红色预警信号');
      expect(parseCapAlert(xml).event, code).toBe(event);
    }
  });

  it('takes the code when <event> is a generic phrase, whatever the valueName', () => {
    const xml = heatWith('event', '<event>气象灾害预警</event>').replace('<valueName>CMA</valueName>', '<valueName>突发事件分类</valueName>');
    expect(parseCapAlert(xml).event).toBe('heat');
  });

  it('refuses a national code outside the 14 signals instead of guessing from the text (11B20 雷雨大风 is not 大风)', () => {
    const xml = heatWith('event', '<event>雷雨大风黄色预警</event>').replace('11B09', '11B20');
    expect(issuesOf(xml)).toMatchObject([{ field: 'info.eventCode[0].value', rule: expect.stringMatching(/^11B20 is not one of the 14 .*known codes: 11B01 台风, 11B03 暴雨/) }]);
  });

  it('refuses a code and an <event> that disagree', () => {
    expect(issuesOf(heat.replace('11B09', '11B01'))).toMatchObject([{ field: 'info.event', rule: '"高温红色预警" (heat) disagrees with info.eventCode 11B01 (typhoon)' }]);
  });

  it('rejects an unknown event, saying which are known', () => {
    const xml = heat.replaceAll('高温', '地震').replace('11B09', '99X99');
    expect(issuesOf(xml)).toMatchObject([{ field: 'info.event', rule: expect.stringMatching(/^"地震红色预警" is not a known warning type .*known: typhoon \(台风\), rainstorm \(暴雨\), .*icy_road \(道路结冰\)$/) }]);
  });

  it('does not read a local signal as the national one it contains', () => {
    expect(issuesOf(heatWith('event', '<event>雷雨大风黄色预警</event>').replace(/<eventCode>.*<\/eventCode>/, ''))[0]).toMatchObject({ field: 'info.event' });
  });
});

describe('parseCapAlert: colour level', () => {
  it('takes the colour word of <event> over <severity>', () => {
    expect(parseCapAlert(heatWith('severity', '<severity>Minor</severity>')).level).toBe('red');
  });

  it('takes the colour now in force from the headline when <event> has none', () => {
    const xml = fixture('typhoon-update.xml').replace('台风橙色预警信号', '台风预警信号').replace('<severity>Severe</severity>', '<severity>Minor</severity>');
    expect(parseCapAlert(xml).level).toBe('orange');
    expect(parseCapAlert(xml.replace('升级台风黄色预警为橙色预警信号', '将台风橙色预警信号降级为黄色')).level).toBe('yellow');
  });

  it.each([
    ['Minor', 'blue'],
    ['Moderate', 'yellow'],
    ['Severe', 'orange'],
    ['Extreme', 'red'],
    ['Orange', 'orange'],
  ])('falls back to severity %s → %s when no text names a colour', (severity, level) => {
    const xml = heatWith('event', '<event>高温预警</event>').replace('高温红色预警信号', '高温预警信号').replace('<severity>Extreme</severity>', `<severity>${severity}</severity>`);
    expect(parseCapAlert(xml).level).toBe(level);
  });

  it('rejects a warning with no colour anywhere', () => {
    const xml = heatWith('event', '<event>高温预警</event>').replace('高温红色预警信号', '高温预警信号').replace('<severity>Extreme</severity>', '<severity>Unknown</severity>');
    expect(issuesOf(xml)).toMatchObject([{ field: 'info.severity', rule: expect.stringMatching(/^is "Unknown" and neither <event> nor <headline> names 蓝色/) }]);
  });
});

describe('parseCapAlert: rejected messages name the element and the rule', () => {
  it('rejects XML that is not well formed, with line and column', () => {
    expect(issuesOf(heat.replace('</sender>', '</sendr>'))).toMatchObject([{ field: '(xml)', rule: expect.stringMatching(/^not well-formed XML at line 4, column \d+: /) }]);
    expect(issuesOf('not xml at all')[0]).toMatchObject({ field: '(xml)' });
  });

  it('refuses a DOCTYPE before the root (no entity expansion)', () => {
    const xml = heat.replace('<alert ', '<!DOCTYPE alert [<!ENTITY x "y">]>\n<alert ');
    expect(issuesOf(xml)).toMatchObject([{ field: '(xml)', rule: expect.stringMatching(/^a markup declaration \(<!DOCTYPE …\) at line \d+: a CAP alert may hold no DOCTYPE or ENTITY$/) }]);
  });

  it('refuses a DOCTYPE placed inside <alert> that would define an entity turning the message red', () => {
    const inside = heat.replace('<identifier>', '<!DOCTYPE x [<!ENTITY c "红色">]><identifier>').replace(/<event>[^<]*<\/event>/, '<event>高温&c;预警</event>');
    expect(issuesOf(inside)).toMatchObject([{ field: '(xml)', rule: expect.stringMatching(/markup declaration \(<!DOCTYPE/) }]);
    for (const declaration of ['<!ENTITY c "红色">', '<!doctype alert>', '<!ELEMENT a ANY>', '<!ATTLIST a b CDATA #IMPLIED>']) {
      expect(issuesOf(heat.replace('<identifier>', `${declaration}<identifier>`))).toMatchObject([{ field: '(xml)', rule: expect.stringMatching(/a CAP alert may hold no DOCTYPE or ENTITY/) }]);
    }
  });

  it('refuses a bidi override in any element, naming it (the same hygiene as every other input)', () => {
    expect(issuesOf(heat.replace(/<headline>/, '<headline>\u202e'))).toMatchObject([{ field: expect.stringMatching(/^alert\.info\.0\.headline/), rule: expect.stringMatching(/bidirectional control character U\+202E/) }]);
  });

  it('rejects another root element and a missing or wrong namespace', () => {
    expect(issuesOf('<warning><id>1</id></warning>')).toMatchObject([{ field: 'alert', rule: 'the root element is <warning>; a CAP message is an <alert>' }]);
    expect(issuesOf(heat.replace(' xmlns="urn:oasis:names:tc:emergency:cap:1.2"', ''))).toMatchObject([{ field: 'alert@xmlns', rule: expect.stringMatching(/^is missing: must be the CAP 1\.2 namespace/) }]);
    expect(issuesOf(heat.replace('cap:1.2', 'cap:1.1'))[0]).toMatchObject({ field: 'alert@xmlns', rule: expect.stringContaining('"urn:oasis:names:tc:emergency:cap:1.1"') });
    expect(issuesOf(fixture('cancel.xml').replace('xmlns:cap=', 'xmlns:other='))[0]).toMatchObject({ field: 'alert@xmlns' });
  });

  it.each(['Exercise', 'System', 'Test', 'Draft'])('refuses status %s: only Actual alerts raise visits', (status) => {
    expect(issuesOf(heat.replace('<status>Actual</status>', `<status>${status}</status>`))).toMatchObject([{ field: 'alert.status', rule: `is "${status}": only Actual alerts raise visits (Exercise, System, Test and Draft do not)` }]);
  });

  it.each(['Ack', 'Error'])('refuses msgType %s', (msgType) => {
    expect(issuesOf(heat.replace('<msgType>Alert</msgType>', `<msgType>${msgType}</msgType>`))).toMatchObject([{ field: 'alert.msgType', rule: expect.stringMatching(new RegExp(`^is "${msgType}": must be Alert, Update or Cancel`)) }]);
  });

  it('requires expires, also when the element is empty', () => {
    const missing = [{ field: 'info.expires', rule: 'is required: a warning without an expiry would keep raising visits forever' }];
    expect(issuesOf(heatWith('expires', ''))).toMatchObject(missing);
    expect(issuesOf(heatWith('expires', '<expires/>'))).toMatchObject(missing);
  });

  it('rejects an expiry not after onset, and a time without an offset, naming the CAP element', () => {
    expect(issuesOf(heatWith('expires', '<expires>2026-07-20T09:00:00+08:00</expires>'))).toMatchObject([{ field: 'info.expires', rule: 'must be after onset (2026-07-20T10:00:00+08:00)' }]);
    expect(issuesOf(heatWith('sent', '<sent>2026-07-20T10:00:00</sent>')).map((i) => i.field)).toContain('alert.sent');
    expect(issuesOf(heatWith('onset', '').replace(/<effective>.*<\/effective>/, '<effective>20 July</effective>'))[0]).toMatchObject({ field: 'info.effective' });
  });

  it('names each bad area code by its element path and value', () => {
    expect(issuesOf(heat.replace('510108002', '5101080').replace('510108001', '991080001'))).toMatchObject([
      { field: 'info.area[0].geocode[0].value', rule: '"991080001" is not a GB/T 2260 area code: it starts with 99, which is not a GB/T 2260 province code' },
      { field: 'info.area[0].geocode[1].value', rule: expect.stringMatching(/^"5101080" is not a GB\/T 2260 area code: it must be 6 \(county\), 9 \(township\) or 12/) },
    ]);
    const second = fixture('multi-area.xml').replace('<value>370812</value>', '<value>37081X</value>');
    expect(issuesOf(second)).toMatchObject([{ field: 'info.area[1].geocode[0].value', rule: '"37081X" is not a GB/T 2260 area code: it must contain digits only' }]);
  });

  it('requires an <area> with a <geocode>', () => {
    expect(issuesOf(heat.replace(/<geocode>.*<\/geocode>\s*/g, ''))).toMatchObject([{ field: 'info.area[0].geocode', rule: expect.stringMatching(/^is missing/) }]);
    expect(issuesOf(heat.replace(/<area>[\s\S]*<\/area>/, ''))).toMatchObject([{ field: 'info.area', rule: expect.stringMatching(/^at least one <area>/) }]);
  });

  it('requires an Update to reference what it updates', () => {
    expect(issuesOf(fixture('typhoon-update.xml').replace(/<references>.*<\/references>/, ''))).toMatchObject([{ field: 'alert.references', rule: 'an Update must reference the message it updates' }]);
  });

  it('requires an <info>', () => {
    expect(issuesOf(heat.replace(/<info>[\s\S]*<\/info>/, ''))).toMatchObject([{ field: 'info', rule: 'a CAP alert needs at least one <info> block' }]);
  });

  it('refuses a body over 256 KiB before parsing it', () => {
    const big = heat.replace('<description>', `<description>${'热'.repeat(100_000)}`);
    expect(issuesOf(big)).toMatchObject([{ field: '(body)', rule: expect.stringMatching(/larger than the 256 KiB limit$/) }]);
  });

  it('says which subject failed in the message', () => {
    expect(() => parseCapAlert(heat.replace('<status>Actual</status>', '<status>Test</status>'))).toThrow(/^CAP alert is invalid: alert\.status: is "Test"/);
  });
});
