import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlert, parseJsonAlert } from '../../../../shared/domain/alerts';
import { ValidationError } from '../../../../shared/domain/validation';
import type { FieldIssue } from '../../../../shared/domain/validation';

const heat = readFileSync(join(import.meta.dirname, '../../../fixtures/alerts/heat-red-alert.xml'), 'utf8');

const good = {
  identifier: 'sh-2026-0801-typhoon',
  sender: '上海中心气象台',
  sent: '2026-08-01T00:00:00Z',
  event: 'typhoon',
  level: 'red',
  areaCodes: ['310101', '310104', '310101'],
  onset: '2026-08-01T08:00:00+08:00',
  expires: '2026-08-02T20:00:00+08:00',
};

function issuesOf(run: () => unknown): readonly FieldIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected the alert to be rejected');
}

describe('parseJsonAlert', () => {
  it('reads the JSON form: times to +08:00, msgType defaulting to Alert, area codes deduplicated', () => {
    expect(parseJsonAlert(good)).toEqual({
      ...good,
      sent: '2026-08-01T08:00:00+08:00',
      msgType: 'Alert',
      references: [],
      areaCodes: ['310101', '310104'],
    });
  });

  it('normalises any offset and keeps optional texts', () => {
    const alert = parseJsonAlert({ ...good, onset: '2026-08-01T02:30:00+02:00', headline: '台风红色预警', description: '请做好防御' });
    expect(alert).toMatchObject({ onset: '2026-08-01T08:30:00+08:00', headline: '台风红色预警', description: '请做好防御' });
  });

  it('reads a Cancel with its references', () => {
    expect(parseJsonAlert({ ...good, msgType: 'Cancel', references: ['sh-2026-0731-typhoon'] })).toMatchObject({ msgType: 'Cancel', references: ['sh-2026-0731-typhoon'] });
  });

  it('rejects unknown fields, naming each', () => {
    expect(issuesOf(() => parseJsonAlert({ ...good, colour: 'red', area: '310101' }))).toMatchObject([
      { field: 'colour', rule: expect.stringMatching(/^unknown field; the JSON form has only identifier, sender, sent, msgType, references, event, level, areaCodes, onset, expires, headline, description$/) },
      { field: 'area', rule: expect.stringMatching(/^unknown field/) },
    ]);
  });

  it('rejects a bad level and a bad event, listing the allowed values', () => {
    expect(issuesOf(() => parseJsonAlert({ ...good, level: 'purple' }))).toMatchObject([{ field: 'level', rule: 'must be one of blue, yellow, orange, red' }]);
    expect(issuesOf(() => parseJsonAlert({ ...good, event: 'earthquake' }))).toMatchObject([{ field: 'event', rule: expect.stringMatching(/^must be one of typhoon, rainstorm, .*, icy_road$/) }]);
    expect(issuesOf(() => parseJsonAlert({ ...good, msgType: 'Ack' }))).toMatchObject([{ field: 'msgType', rule: 'must be one of Alert, Update, Cancel' }]);
  });

  it('rejects an expiry before (or at) onset', () => {
    expect(issuesOf(() => parseJsonAlert({ ...good, expires: '2026-08-01T07:00:00+08:00' }))).toMatchObject([{ field: 'expires', rule: 'must be after onset (2026-08-01T08:00:00+08:00)' }]);
    expect(issuesOf(() => parseJsonAlert({ ...good, expires: '2026-08-01T00:00:00Z' }))[0]).toMatchObject({ field: 'expires' });
  });

  it('rejects times without an offset or that do not exist', () => {
    expect(issuesOf(() => parseJsonAlert({ ...good, onset: '2026-08-01 08:00' }))).toMatchObject([{ field: 'onset', rule: 'must be an ISO 8601 time with an offset, e.g. 2026-07-20T10:00:00+08:00' }]);
    expect(issuesOf(() => parseJsonAlert({ ...good, onset: '2026-02-31T08:00:00+08:00' }))).toMatchObject([{ field: 'onset', rule: 'must be a real calendar time' }]);
  });

  it('says a missing field is required', () => {
    const { sender: _sender, ...noSender } = good;
    expect(issuesOf(() => parseJsonAlert(noSender))).toMatchObject([{ field: 'sender', rule: 'is required' }]);
  });

  it('requires references on an Update, area codes, and valid codes', () => {
    expect(issuesOf(() => parseJsonAlert({ ...good, msgType: 'Update' }))).toMatchObject([{ field: 'references', rule: 'an Update must reference the message it updates' }]);
    expect(issuesOf(() => parseJsonAlert({ ...good, areaCodes: [] }))).toMatchObject([{ field: 'areaCodes', rule: 'at least one affected area code (GB/T 2260) is required' }]);
    expect(issuesOf(() => parseJsonAlert({ ...good, areaCodes: ['310101', '31010'] }))).toMatchObject([{ field: 'areaCodes.1', rule: expect.stringMatching(/^area code must be 6 \(county\), 9 \(township\) or 12/) }]);
  });

  it('rejects an identifier CAP could not carry', () => {
    expect(issuesOf(() => parseJsonAlert({ ...good, identifier: 'a b' }))).toMatchObject([{ field: 'identifier', rule: 'must not contain spaces, commas, < or &' }]);
  });

  it('rejects what is not an object', () => {
    for (const input of [null, [], 'alert', 42]) expect(issuesOf(() => parseJsonAlert(input))).toMatchObject([{ field: '(root)', rule: 'must be a JSON object' }]);
  });
});

describe('parseAlert: XML or JSON', () => {
  it('reads JSON when neither content type nor first character says XML', () => {
    expect(parseAlert(JSON.stringify(good)).event).toBe('typhoon');
    expect(parseAlert(JSON.stringify(good), 'application/json; charset=utf-8').event).toBe('typhoon');
    expect(parseAlert(`\uFEFF${JSON.stringify(good)}`).event).toBe('typhoon');
  });

  it.each(['application/cap+xml', 'application/xml', 'text/xml; charset=utf-8'])('reads CAP for content type %s', (contentType) => {
    expect(parseAlert(heat, contentType)).toMatchObject({ event: 'heat', level: 'red' });
  });

  it('reads CAP when the body starts with <, whatever the label', () => {
    expect(parseAlert(`\n  ${heat.slice(heat.indexOf('<alert'))}`).level).toBe('red');
    expect(parseAlert(heat, 'application/octet-stream').level).toBe('red');
  });

  it('holds an XML-labelled body to XML', () => {
    expect(issuesOf(() => parseAlert(JSON.stringify(good), 'application/cap+xml'))[0]).toMatchObject({ field: '(xml)' });
  });

  it('rejects a body that is neither, and an oversized JSON body', () => {
    expect(issuesOf(() => parseAlert('not json'))).toMatchObject([{ field: '(body)', rule: expect.stringMatching(/^neither CAP XML nor JSON: /) }]);
    expect(() => parseAlert('{"identifier":')).toThrow(/^weather alert is invalid: \(body\)/);
    const big = JSON.stringify({ ...good, description: 'x'.repeat(300 * 1024) });
    expect(issuesOf(() => parseAlert(big))).toMatchObject([{ field: '(body)', rule: expect.stringMatching(/larger than the 256 KiB limit$/) }]);
  });
});
