import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../../shared/policies/load';
import { parsePolicy } from '../../../../shared/policies/load';
import { effectFor, joinOccasion, scopesFor, specialTask } from '../../../../shared/domain/special';
import type { AlertOccasion, FestivalOccasion } from '../../../../shared/domain/special';
import type { WeatherAlert } from '../../../../shared/domain/alerts';

const alert = (level: WeatherAlert['level'], over: Partial<WeatherAlert> = {}): AlertOccasion => ({
  kind: 'alert',
  occasionId: 'alert:a1',
  startAt: '2026-07-20T10:00:00+08:00',
  status: 'active',
  alert: {
    identifier: 'a1',
    sender: 's',
    sent: '2026-07-20T10:00:00+08:00',
    msgType: 'Alert',
    references: [],
    event: 'heat',
    level,
    areaCodes: ['510108001'],
    onset: '2026-07-20T10:00:00+08:00',
    expires: '2026-07-22T10:00:00+08:00',
    ...over,
  },
});
const chongyang: FestivalOccasion = { kind: 'festival', occasionId: 'festival:chongyang:2026', festival: 'chongyang', name: '重阳节', day: '2026-10-18', status: 'active' };
const springHoliday = ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'];
const chunjie: FestivalOccasion = { kind: 'festival', occasionId: 'festival:chunjie:2026', festival: 'chunjie', name: '春节', day: '2026-02-17', holiday: springHoliday, status: 'active' };
const NOW = '2026-07-20T10:30:00+08:00';

describe('special-period rules per region', () => {
  const sichuan = loadPolicy('sichuan').specialPeriods;
  it('Sichuan: on a red warning key elders get a home visit within 24 h, others a call within 12 h; the family is told', () => {
    const key = effectFor(alert('red'), 'key', sichuan, NOW)!;
    expect(key).toMatchObject({ ruleId: 'warning-key-home-24h', notifyVisitor: true, notifyFamily: true });
    expect(key.tasks).toEqual([{ taskId: 'S#2026-07-20', start: '2026-07-20', end: '2026-07-21', opensAt: NOW, dueAt: '2026-07-21T10:30:00+08:00', methods: ['home'], homeRequired: true }]);
    const general = effectFor(alert('orange'), 'general', sichuan, NOW)!;
    expect(general.ruleId).toBe('warning-contact-12h');
    expect(general.tasks[0]).toMatchObject({ dueAt: '2026-07-20T22:30:00+08:00', homeRequired: false });
  });

  it('Sichuan: a yellow warning asks for a contact within 24 h without messaging families', () => {
    expect(effectFor(alert('yellow'), 'key', sichuan, NOW)).toMatchObject({ ruleId: 'warning-contact-24h', notifyFamily: false });
  });

  it('Sichuan: festivals are a mandatory home visit in the three days up to the day', () => {
    const e = effectFor(chongyang, 'general', sichuan, '2026-10-14T06:00:00+08:00')!;
    expect(e.tasks).toEqual([{ taskId: 'S#2026-10-18', start: '2026-10-15', end: '2026-10-18', opensAt: '2026-10-15T00:00:00+08:00', dueAt: '2026-10-18T23:59:59+08:00', methods: ['home'], homeRequired: true }]);
  });

  it('Shanghai: a task for every day of a warning and of the Spring Festival holiday', () => {
    const shanghai = loadPolicy('shanghai').specialPeriods;
    const w = effectFor(alert('blue'), 'all', shanghai, NOW)!;
    expect(w.tasks.map((t) => [t.taskId, t.opensAt, t.dueAt])).toEqual([
      ['S#2026-07-20', NOW, '2026-07-20T23:59:59+08:00'],
      ['S#2026-07-21', '2026-07-21T00:00:00+08:00', '2026-07-21T23:59:59+08:00'],
      ['S#2026-07-22', '2026-07-22T00:00:00+08:00', '2026-07-22T23:59:59+08:00'],
    ]);
    expect(w.notifyFamily).toBe(true);
    const s = effectFor(chunjie, 'all', shanghai, '2026-02-12T06:00:00+08:00')!;
    expect(s.tasks.map((t) => t.taskId)).toEqual(springHoliday.map((d) => `S#${d}`));
    expect(effectFor(chongyang, 'all', shanghai, '2026-10-15T06:00:00+08:00')!.tasks.map((t) => t.taskId)).toEqual(['S#2026-10-18']);
  });

  it('national, Shishi and Jining: one extra contact for a festival, any method', () => {
    for (const region of ['national', 'shishi', 'jining']) {
      const rules = loadPolicy(region).specialPeriods;
      const tier = loadPolicy(region).tiers[0]!.id;
      const e = effectFor(chongyang, tier, rules, '2026-10-14T06:00:00+08:00')!;
      expect(e.tasks).toHaveLength(1);
      expect(e.tasks[0]).toMatchObject({ homeRequired: false, methods: expect.arrayContaining(['phone', 'home']) });
    }
  });

  it('Shishi and Jining: an orange warning brings key elders a home visit in 24 h, others a contact in 12 h; national: a contact in 12 h for all', () => {
    for (const region of ['shishi', 'jining']) {
      const rules = loadPolicy(region).specialPeriods;
      expect(effectFor(alert('orange'), 'key', rules, NOW)!.tasks[0]).toMatchObject({ homeRequired: true, dueAt: '2026-07-21T10:30:00+08:00' });
      expect(effectFor(alert('orange'), 'general', rules, NOW)!.tasks[0]).toMatchObject({ homeRequired: false, dueAt: '2026-07-20T22:30:00+08:00' });
      expect(effectFor(alert('blue'), 'key', rules, NOW)).toMatchObject({ ruleId: 'warning-contact-24h', notifyFamily: false });
    }
    const national = loadPolicy('national').specialPeriods;
    expect(effectFor(alert('red', { event: 'typhoon' }), 'disabled', national, NOW)).toMatchObject({ ruleId: 'warning-contact-12h', notifyFamily: true });
  });

  it('a cancelled occasion, a festival nobody acts on, or a passed window raises nothing', () => {
    expect(effectFor({ ...alert('red'), status: 'cancelled' }, 'key', sichuan, NOW)).toBeUndefined();
    expect(effectFor({ ...chongyang, festival: 'chuxi', name: '除夕' }, 'key', sichuan, NOW)).toBeUndefined();
    expect(effectFor(chongyang, 'key', sichuan, '2026-10-19T08:00:00+08:00')!.tasks).toEqual([]);
  });

  it('the task key depends on the day the alert began, not on when it is applied (an update adds nothing)', () => {
    const first = effectFor(alert('orange'), 'general', sichuan, NOW)!;
    const later = effectFor(alert('red', { sent: '2026-07-21T08:00:00+08:00' }), 'general', sichuan, '2026-07-21T08:05:00+08:00')!;
    expect(later.tasks[0]!.taskId).toBe(first.tasks[0]!.taskId);
  });

  it('a policy file with a bad rule is rejected with the field and the rule', () => {
    const raw = {
      ...loadPolicy('sichuan'),
      specialPeriods: [
        { ...sichuan[0]!, tiers: ['vip'] },
        { ...sichuan[1]!, task: { repeat: 'once', methods: ['phone'], homeRequired: false } },
      ],
    };
    expect(() => parsePolicy(raw, 'x.json')).toThrow(/specialPeriods\.0\.tiers\.0: names tier "vip"/);
    expect(() => parsePolicy(raw, 'x.json')).toThrow(/specialPeriods\.1\.task\.withinHours: a once-only alert task needs withinHours/);
  });
});

describe('joining an occasion to a special task already there', () => {
  const sichuan = loadPolicy('sichuan').specialPeriods;
  const subject = { elderId: 'E1', maskedName: '张*华', villageCode: '510108001001', villageName: '天鹅社区', townshipCode: '510108001', countyCode: '510108', visitorId: 'v1' };
  const yellow = effectFor(alert('yellow'), 'key', sichuan, NOW)!.tasks[0]!;
  const red = effectFor(alert('red'), 'key', sichuan, NOW)!.tasks[0]!;
  const A1 = { id: 'alert:a1', revision: 1 };
  const task = specialTask(subject, 'key', yellow, A1, '2026-07-20', NOW);

  it('an upgrade to red tightens the task: earlier deadline, home visit, noted on the history', () => {
    expect(yellow).toMatchObject({ homeRequired: false, dueAt: '2026-07-21T10:30:00+08:00' });
    expect(red).toMatchObject({ homeRequired: true, dueAt: '2026-07-21T10:30:00+08:00' });
    const joined = joinOccasion(task, red, A1, NOW)!;
    expect(joined.outcome).toBe('tightened');
    expect(joined.task).toMatchObject({ homeRequired: true, methods: ['home'], occasions: ['alert:a1'] });
    expect(joined.task.history.at(-1)).toMatchObject({ event: 'occasion', detail: 'a home visit is now required' });
  });

  it('another occasion is recorded; a repeat or a milder request changes nothing; a closed task is left alone', () => {
    expect(joinOccasion(task, yellow, { id: 'festival:chongyang:2026', revision: 1 }, NOW)).toMatchObject({ outcome: 'merged', task: { occasions: ['alert:a1', 'festival:chongyang:2026'] } });
    expect(joinOccasion(task, yellow, A1, NOW)).toBeUndefined();
    const strict = joinOccasion(task, red, A1, NOW)!.task;
    expect(joinOccasion(strict, yellow, A1, NOW)).toBeUndefined();
    expect(joinOccasion({ ...task, state: 'completed' }, red, A1, NOW)).toBeUndefined();
  });

  it('marks which occasion revision created the task, added its occasion or made it stricter', () => {
    expect(task.history[0]).toMatchObject({ event: 'create', occasion: { id: 'alert:a1', revision: 1 } });
    const merged = joinOccasion(task, yellow, { id: 'alert:a2', revision: 3 }, NOW)!.task;
    expect(merged.history.at(-1)).toMatchObject({ event: 'occasion', occasion: { id: 'alert:a2', revision: 3, added: true } });
    expect(merged.history.at(-1)!.occasion).not.toHaveProperty('tightened');
    const tightened = joinOccasion(task, red, { id: 'alert:a1', revision: 2 }, NOW)!.task;
    expect(tightened.history.at(-1)!.occasion).toEqual({ id: 'alert:a1', revision: 2, tightened: true });
    const both = joinOccasion(task, red, { id: 'alert:a3', revision: 1 }, NOW)!.task;
    expect(both.history.at(-1)!.occasion).toEqual({ id: 'alert:a3', revision: 1, added: true, tightened: true });
  });
});

describe('which areas a warning reaches', () => {
  it('covers the counties of a city code, narrows to townships, and drops what a whole county covers', () => {
    expect(scopesFor(['370800'], ['370811', '370812'])).toEqual({ scopes: [{ county: '370811' }, { county: '370812' }], outside: [] });
    expect(scopesFor(['510108001', '510108001002', '510108'], ['510108'])).toEqual({ scopes: [{ county: '510108' }], outside: [] });
    expect(scopesFor(['510108001002', '510108001'], ['510108'])).toEqual({ scopes: [{ county: '510108', prefix: '510108001' }], outside: [] });
    expect(scopesFor(['440300', '510104001'], ['510108'])).toEqual({ scopes: [], outside: ['440300', '510104001'] });
  });
});
