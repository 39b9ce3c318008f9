import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ALERT_EVENTS, ALERT_LEVELS } from '../../../../shared/domain/alerts/alert';
import { FESTIVAL_NAMES } from '../../../../shared/domain/calendar/festivals';
import { CATALOGUE, hazardGroupOf, METHOD_WORDS, warningWord } from '../../../../shared/domain/sms/catalogue';
import { maskName } from '../../../../shared/domain/sms/mask';
import { render } from '../../../../shared/domain/sms/render';
import type { SmsTemplate } from '../../../../shared/domain/sms/template';
import { instantAt } from '../../../../shared/domain/time/instant';
import { addDays } from '../../../../shared/domain/time/local-date';

/**
 * Every template over generated elders, visitors and occasions: no parameter over its limit,
 * none empty, none carrying what a provider refuses, and the text exactly the signature plus
 * the template with its parameters.
 */

const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
const hostile = fc.constantFrom('【', '】', '{', '}', '<', '>', "'", '"', '.', '/', ':', '@', ' ', '·', '1', '9', '😀', '𠀋', 'www.', 'http://');
const messy = (min: number, max: number) => fc.array(fc.oneof({ weight: 4, arbitrary: cjk }, { weight: 1, arbitrary: hostile }), { minLength: min, maxLength: max }).map((a) => a.join(''));

const elder = fc.record({ name: messy(1, 14), village: fc.tuple(messy(0, 16), fc.constantFrom('村', '社区', '社区居民委员会', '村民委员会', '')).map(([a, b]) => a + b) });
const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2025-01-01', n));
const instant = fc.tuple(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([d, h, m]) => instantAt(d, `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`));
const visitor = fc.record({ tasks: fc.integer({ min: 0, max: 200_000 }), homeVisits: fc.integer({ min: 0, max: 200_000 }) });
const occasion = fc.record({ event: fc.constantFrom(...ALERT_EVENTS), level: fc.constantFrom(...ALERT_LEVELS), festival: fc.constantFrom(...Object.values(FESTIVAL_NAMES)), day, until: instant, dueBy: instant });
const signature = messy(2, 12).map((s) => `【${s.replace(/[【】]/g, '') || '民政'}】`);
const world = fc.record({ elder, visitor, occasion, signature, method: fc.constantFrom(...METHOD_WORDS), dueDate: day });

type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/** The values a producer would pass for each variable, from the generated world. */
function valuesFor(template: SmsTemplate, w: World): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const v of template.variables) {
    if (v.type === 'masked_name') values[v.name] = maskName(w.elder.name);
    else if (v.type === 'place') values[v.name] = w.elder.village;
    else if (v.type === 'count') values[v.name] = v.name === 'home' ? w.visitor.homeVisits : w.visitor.tasks;
    else if (v.type === 'date') values[v.name] = v.name === 'day' ? w.occasion.day : w.dueDate;
    else if (v.type === 'day_hour') values[v.name] = v.name === 'until' ? w.occasion.until : w.occasion.dueBy;
    else if (v.name === 'method') values[v.name] = w.method;
    else if (v.name === 'festival') values[v.name] = w.occasion.festival;
    else values[v.name] = v.values!.includes(warningWord(w.occasion.event, w.occasion.level)) ? warningWord(w.occasion.event, w.occasion.level) : v.values![0]!;
  }
  return values;
}

/** The text assembled independently of the renderer: the template's pieces with each parameter in its place. */
function assembled(template: SmsTemplate, signature: string, params: Record<string, string>): string {
  let text = template.text;
  for (const v of template.variables) text = text.split(`\${${v.name}}`).join(params[v.name]!);
  return signature + text;
}

describe('Rendering every template (property)', () => {
  for (const template of CATALOGUE) {
    prop.prop([world], { numRuns: 150 })(`${template.id}: parameters fit, none empty, text is template + parameters`, (w) => {
      const r = render(template, w.signature, valuesFor(template, w));
      for (const v of template.variables) {
        const p = r.params[v.name]!;
        expect(Array.from(p).length).toBeGreaterThanOrEqual(1);
        expect(Array.from(p).length).toBeLessThanOrEqual(v.maxLength);
        expect(p).not.toMatch(/[【】{}<>'"./:@]|\d{5,}|www/);
      }
      expect(r.text).toBe(assembled(template, w.signature, r.params));
      expect(r.segments).toBe(r.text.length <= 70 ? 1 : Math.ceil(r.text.length / 67));
    });
  }

  prop.prop([occasion])('finds a template for every warning, whose word list holds the warning', (o) => {
    const visitor = CATALOGUE.find((t) => t.id === `weather_visitor_${hazardGroupOf(o.event)}`)!;
    expect(visitor.variables.find((v) => v.name === 'warning')!.values).toContain(warningWord(o.event, o.level));
  });
});
