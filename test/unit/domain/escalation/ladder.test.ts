import { describe, expect, it } from 'vitest';
import { recipientFor, findInChain } from '../../../../shared/domain/escalation/chain';
import { acknowledge, escalationStep, NOT_ESCALATED } from '../../../../shared/domain/escalation/step';
import type { EscalationState } from '../../../../shared/domain/escalation/step';
import { DEFAULT_LADDERS, escalationConfigSchema, ladderFor, ladderSchema, DEFAULT_ESCALATION } from '../../../../shared/domain/escalation/ladder';
import type { Ladder } from '../../../../shared/domain/escalation/ladder';
import type { Person } from '../../../../shared/domain/people/person';
import { formatIssues } from '../../../../shared/domain/validation';

const due = '2026-11-15T23:59:59+08:00';
const cst = (hours: number) => {
  const d = new Date(Date.parse(due) + hours * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${d}+08:00`;
};

/** Runs the ladder at each hour offset, returning who was notified when. */
function walk(ladder: Ladder, hours: number[], start: EscalationState = NOT_ESCALATED) {
  let state = start;
  const notified: string[] = [];
  for (const h of hours) {
    const step = escalationStep(due, ladder, state, cst(h));
    if (step.action === 'notify') notified.push(`${h}h: level ${step.level}${step.repeat ? ' again' : ''}`);
    state = step.state;
  }
  return { notified, state };
}

describe('Escalation ladder arithmetic', () => {
  it('notifies a key elder’s liaison at the due time, the instructor after 24 h and the supervisor after 72 h', () => {
    expect(walk(DEFAULT_LADDERS.key, [0, 1, 23, 24, 71, 72]).notified).toEqual(['0h: level 1', '24h: level 2', '72h: level 3']);
  });

  it('waits a day before the first level for general elders, then 72 h and a week', () => {
    expect(walk(DEFAULT_LADDERS.default, [0, 23, 24, 72, 167, 168]).notified).toEqual(['24h: level 1', '72h: level 2', '168h: level 3']);
  });

  it('says when it next needs attention: the next level, or the next repeat', () => {
    expect(escalationStep(due, DEFAULT_LADDERS.key, NOT_ESCALATED, cst(0)).state.nextAt).toBe(cst(24));
    const top = walk(DEFAULT_LADDERS.key, [0, 24, 72]).state;
    expect(top).toMatchObject({ level: 3, nextAt: cst(96) });
  });

  it('repeats the last level every 24 h for key elders and never stops while nobody acts', () => {
    expect(walk(DEFAULT_LADDERS.key, [0, 24, 72, 95, 96, 119, 120]).notified).toEqual(['0h: level 1', '24h: level 2', '72h: level 3', '96h: level 3 again', '120h: level 3 again']);
  });

  it('jumps to the highest level due when a run comes late, one level per run', () => {
    expect(walk(DEFAULT_LADDERS.key, [100, 100.25, 100.5]).notified).toEqual(['100h: level 1', '100.25h: level 2', '100.5h: level 3']);
  });

  it('ends when the last level does not repeat', () => {
    const ladder: Ladder = [{ role: 'liaison', afterDueHours: 0 }];
    const { state } = walk(ladder, [0]);
    expect(state.nextAt).toBeUndefined();
    expect(escalationStep(due, ladder, state, cst(500)).action).toBe('wait');
  });

  it('holds escalation during an acknowledgement and resumes when it expires', () => {
    const afterLevel1 = walk(DEFAULT_LADDERS.key, [0]).state;
    const acked = acknowledge(afterLevel1, 'ins-1', cst(2), 24);
    expect(acked).toMatchObject({ acknowledged: { by: 'ins-1', at: cst(2), until: cst(26) }, nextAt: cst(26) });
    expect(escalationStep(due, DEFAULT_LADDERS.key, acked, cst(24))).toMatchObject({ action: 'wait', state: { nextAt: cst(26) } });
    expect(escalationStep(due, DEFAULT_LADDERS.key, acked, cst(26))).toMatchObject({ action: 'notify', level: 2 });
  });

  it('uses the tier’s own ladder, else the default', () => {
    const config = { ...DEFAULT_ESCALATION, ladders: DEFAULT_LADDERS };
    expect(ladderFor(config, 'key')).toBe(DEFAULT_LADDERS.key);
    expect(ladderFor(config, 'secondary')).toBe(DEFAULT_LADDERS.default);
    expect(ladderFor(DEFAULT_ESCALATION, 'key')).toBe(DEFAULT_LADDERS.default);
  });

  it('rejects a ladder whose levels do not climb, an unknown role, and a config without a default ladder', () => {
    const flat = ladderSchema.safeParse([
      { role: 'liaison', afterDueHours: 24 },
      { role: 'instructor', afterDueHours: 24 },
    ]);
    expect(flat.success ? [] : formatIssues(flat.error)).toMatchObject([{ field: '1.afterDueHours', rule: 'must be later than level 1 (24 h)' }]);
    const unknown = ladderSchema.safeParse([{ role: 'mayor', afterDueHours: 0 }]);
    expect(unknown.success ? [] : formatIssues(unknown.error).map((i) => i.field)).toEqual(['0.role']);
    const noDefault = escalationConfigSchema.safeParse({ ladders: { key: DEFAULT_LADDERS.key }, acknowledgeHours: 24, followUpHours: 72 });
    expect(noDefault.success ? [] : formatIssues(noDefault.error)).toMatchObject([{ field: 'ladders', rule: 'needs a "default" ladder for tiers without their own' }]);
  });
});

describe('Supervisor chain', () => {
  const person = (personId: string, role: Person['roles'][number], areaCode: string, active = true): Person => ({ personId, name: '王芳', roles: [role], areaCode, active });
  const byArea = (people: Person[]) => {
    const m = new Map<string, Person[]>();
    for (const p of people) m.set(p.areaCode, [...(m.get(p.areaCode) ?? []), p]);
    return m;
  };
  const village = '510108001002';

  it('finds each role walking up from the elder’s village', () => {
    const people = byArea([person('lia', 'liaison', village), person('ins', 'instructor', '510108001'), person('sup', 'supervisor', '510108')]);
    expect(findInChain(village, 'liaison', people)?.personId).toBe('lia');
    expect(findInChain(village, 'instructor', people)?.personId).toBe('ins');
    expect(findInChain(village, 'supervisor', people)?.personId).toBe('sup');
    expect(findInChain('510108002001', 'liaison', people)).toBeUndefined();
  });

  it('finds a city supervisor when the county has none, and ignores inactive people', () => {
    const people = byArea([person('sup-old', 'supervisor', '510108', false), person('sup-city', 'supervisor', '510100')]);
    expect(findInChain(village, 'supervisor', people)?.personId).toBe('sup-city');
  });

  it('skips a level with nobody in its role to the next one, and says so', () => {
    const people = byArea([person('lia', 'liaison', village), person('sup', 'supervisor', '510108')]);
    expect(recipientFor(DEFAULT_LADDERS.key, 2, village, people)).toEqual({
      level: 3,
      person: expect.objectContaining({ personId: 'sup' }),
      skipped: ['no instructor (镇(街道)指导员) above area 510108001002: skipped level 2'],
    });
  });

  it('reports when nobody at all can be notified', () => {
    expect(recipientFor(DEFAULT_LADDERS.key, 1, village, new Map())).toEqual({ skipped: expect.arrayContaining([expect.stringContaining('skipped level 3')]) });
  });
});
