import { describe, expect, it } from 'vitest';
import { templateById } from '../../../../shared/domain/sms/catalogue';
import { render } from '../../../../shared/domain/sms/render';
import { parameterFor } from '../../../../shared/domain/sms/shorten';
import type { TemplateVariable } from '../../../../shared/domain/sms/template';

const variable = (type: TemplateVariable['type'], maxLength = 6, values?: string[]): TemplateVariable => ({ name: 'x', type, maxLength, description: 'x', values });

describe('Rendering a template', () => {
  it('is exactly the signature and the template with its parameters, with honest segments', () => {
    const r = render(templateById('reassignment')!, '【成华民政】', { elder: '张*华', village: '天鹅村', dueDate: '2026-11-30', method: '上门' });
    expect(r.text).toBe('【成华民政】改派通知：一项探访任务改由您负责，对象张*华，住天鹅村，请于11月30日前上门探访，并在探访系统中记录。');
    expect(r.params).toEqual({ elder: '张*华', village: '天鹅村', dueDate: '11月30日', method: '上门' });
    expect(r.ordered.map((p) => p.name)).toEqual(['elder', 'village', 'dueDate', 'method']);
    expect(r.segments).toBe(1);
  });

  it('counts a text over 70 characters as parts of 67', () => {
    const r = render(templateById('weather_visitor_heat')!, '【成华区民政局】', { warning: '高温红色', until: '2026-07-22T10:00:00+08:00', elders: 12, dueBy: '2026-07-20T22:00:00+08:00', home: 3 });
    expect(r.text.length).toBeGreaterThan(70);
    expect(r.segments).toBe(Math.ceil(r.text.length / 67));
  });

  it('names the template and variable when a value is missing, unknown or of the wrong shape', () => {
    const t = templateById('assignment_digest')!;
    expect(() => render(t, '【成华民政】', { count: 1, home: 0 })).toThrow('template assignment_digest: firstDue is required');
    expect(() => render(t, '【成华民政】', { count: 1, home: 0, firstDue: '2026-11-16', extra: 1 })).toThrow('template assignment_digest: no variable extra');
    expect(() => render(t, '【成华民政】', { count: -1, home: 0, firstDue: '2026-11-16' })).toThrow('template assignment_digest: count: a count must be a whole number ≥ 0');
    expect(() => render(t, '【成华民政】', { count: 1, home: 0, firstDue: 'soon' })).toThrow('firstDue: expected a date or time');
  });
});

describe('Shortening rules', () => {
  it('shows a count past its digits as the largest it can show, never a cut number', () => {
    expect(parameterFor(variable('count', 4), 12_345)).toBe('9999');
    expect(parameterFor(variable('count', 4), 0)).toBe('0');
  });

  it('writes dates as M月D日 and times as D日H时', () => {
    expect(parameterFor(variable('date'), '2026-01-05')).toBe('1月5日');
    expect(parameterFor(variable('date'), '2026-12-31T23:59:59+08:00')).toBe('12月31日');
    expect(parameterFor(variable('day_hour'), '2026-07-20T22:30:00+08:00')).toBe('20日22时');
    expect(parameterFor(variable('day_hour'), '2026-07-20T14:30:00Z')).toBe('20日22时');
  });

  it('keeps a long masked name to its first and last character around stars', () => {
    expect(parameterFor(variable('masked_name'), '张*华')).toBe('张*华');
    expect(parameterFor(variable('masked_name'), '阿*********提')).toBe('阿**提');
    expect(parameterFor(variable('masked_name', 2), '欧**娜')).toBe('欧*');
  });

  it('drops the committee suffix of a place and keeps its kind when cutting it', () => {
    expect(parameterFor(variable('place'), '天鹅村民委员会')).toBe('天鹅村');
    expect(parameterFor(variable('place'), '跳蹬河社区居民委员会')).toBe('跳蹬河社区');
    expect(parameterFor(variable('place'), '二仙桥东路北段社区')).toBe('二仙桥东社区');
    expect(parameterFor(variable('place', 4), '槐树店新村')).toBe('槐树店村');
    expect(parameterFor(variable('place', 4), '高新技术开发区')).toBe('高新技术');
  });

  it('strips what a provider refuses in a variable, and never leaves it empty', () => {
    expect(parameterFor(variable('place'), '【天鹅】村{1}')).toBe('天鹅村1');
    expect(parameterFor(variable('place'), 'www.x.cn/a')).toBe('xcna');
    expect(parameterFor(variable('place'), '13812345678组')).toBe('组');
    expect(parameterFor(variable('place'), '【】')).toBe('所在村');
    expect(parameterFor(variable('masked_name'), '  ')).toBe('老人');
  });

  it('takes a word only from its list', () => {
    expect(parameterFor(variable('word', 4, ['上门', '电话或上门']), '上门')).toBe('上门');
    expect(() => parameterFor(variable('word', 4, ['上门']), '随便')).toThrow('"随便" is not one of 上门');
  });
});
