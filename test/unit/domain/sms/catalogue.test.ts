import { describe, expect, it } from 'vitest';
import { ALERT_EVENTS, ALERT_LEVELS } from '../../../../shared/domain/alerts/alert';
import { FESTIVAL_NAMES } from '../../../../shared/domain/calendar/festivals';
import { CATALOGUE, hazardGroupOf, templateById, warningWord, weatherFamilyId, weatherVisitorId } from '../../../../shared/domain/sms/catalogue';
import { SMS_KINDS } from '../../../../shared/domain/sms/message';
import { PROVIDER_RULES, providerIssues, structureIssues } from '../../../../shared/domain/sms/provider-rules';
import { render, sampleOf } from '../../../../shared/domain/sms/render';
import { placeholdersOf } from '../../../../shared/domain/sms/template';

const SIGNATURE = '【成华民政】';

describe('The template catalogue', () => {
  it('has one template per message sent today, and the undelivered-urgent notice receipts will need', () => {
    const ids = CATALOGUE.map((t) => t.id);
    for (const id of ['assignment_digest', 'escalation_digest', 'reassignment', 'reassignment_overdue', 'follow_up', 'emergency_family', 'emergency_staff', 'urgent_undelivered', 'festival_visitor', 'festival_family']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(CATALOGUE.map((t) => t.kind))).toEqual(new Set(SMS_KINDS));
  });

  it('gives every warning type a visitor and a family template with its own safety advice', () => {
    for (const event of ALERT_EVENTS) {
      const group = hazardGroupOf(event);
      expect(templateById(weatherVisitorId(group))?.kind).toBe('weather_notice');
      expect(templateById(weatherFamilyId(group))?.text).toContain('提醒老人');
    }
  });

  it.each(CATALOGUE.map((t) => [t.id, t] as const))('files %s with Aliyun and Tencent Cloud as it stands', (_, template) => {
    expect(structureIssues(template)).toEqual([]);
    expect(providerIssues(template, PROVIDER_RULES.aliyun, SIGNATURE)).toEqual([]);
    expect(providerIssues(template, PROVIDER_RULES.tencent, SIGNATURE)).toEqual([]);
  });

  it.each(CATALOGUE.map((t) => [t.id, t] as const))('renders its own sample for the filing form (%s)', (_, template) => {
    const sample = sampleOf(template, SIGNATURE);
    expect(sample.text.startsWith(SIGNATURE)).toBe(true);
    expect(sample.segments).toBeLessThanOrEqual(2);
    expect(sample.text).not.toMatch(/\d{5,}/);
  });

  it('never lists names in a digest: counts, a date and where to look', () => {
    for (const id of ['assignment_digest', 'escalation_digest']) {
      const template = templateById(id)!;
      expect(template.variables.map((v) => v.type).every((t) => t === 'count' || t === 'date')).toBe(true);
      expect(template.text).toContain('探访系统');
    }
  });

  it('keeps a family notice to one SMS for every warning and colour, and every festival (tens of thousands go out)', () => {
    for (const event of ALERT_EVENTS) {
      for (const level of ALERT_LEVELS) {
        const n = render(templateById(weatherFamilyId(hazardGroupOf(event)))!, SIGNATURE, { warning: warningWord(event, level), until: '2026-12-31T23:00:00+08:00' });
        expect({ event, level, segments: n.segments }).toEqual({ event, level, segments: 1 });
      }
    }
    for (const festival of Object.values(FESTIVAL_NAMES)) {
      expect(render(templateById('festival_family')!, SIGNATURE, { festival, day: '2026-12-31' }).segments).toBe(1);
    }
  });

  it('lets a heat template carry only heat and drought warnings', () => {
    const heat = templateById(weatherVisitorId('heat'))!;
    const values = { until: '2026-07-22T10:00:00+08:00', elders: 1, dueBy: '2026-07-21T10:00:00+08:00', home: 0 };
    expect(render(heat, SIGNATURE, { ...values, warning: '干旱橙色' }).params.warning).toBe('干旱橙色');
    expect(() => render(heat, SIGNATURE, { ...values, warning: '台风红色' })).toThrow('warning: "台风红色" is not one of');
  });

  it('says what and why in fixed text: most of every template is not variables', () => {
    for (const template of CATALOGUE) {
      const fixed = template.text.replace(/\$\{[^}]*\}/g, '');
      expect({ id: template.id, ok: Array.from(fixed).length >= 3 * placeholdersOf(template.text).length + 10 }).toEqual({ id: template.id, ok: true });
    }
  });
});
