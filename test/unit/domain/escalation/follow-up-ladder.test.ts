import { describe, expect, it } from 'vitest';
import { recipientFor } from '../../../../shared/domain/escalation/chain';
import { DEFAULT_FOLLOW_UP_LADDER, DEFAULT_LADDERS, escalationConfigSchema, followUpLadderSchema, ladderForTask } from '../../../../shared/domain/escalation/ladder';
import { escalationStep, NOT_ESCALATED } from '../../../../shared/domain/escalation/step';
import type { EscalationState } from '../../../../shared/domain/escalation/step';
import type { Person } from '../../../../shared/domain/people/person';
import { formatIssues } from '../../../../shared/domain/validation';

const due = '2026-11-08T22:30:00+08:00';
const after = (hours: number) => `${new Date(Date.parse(due) + hours * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
const village = '510108001001';
const person = (personId: string, role: Person['roles'][number], areaCode: string): Person => ({ personId, name: personId, roles: [role], areaCode, active: true });
const chain = new Map<string, Person[]>([
  [village, [person('lia-1', 'liaison', village)]],
  ['510108001', [person('ins-1', 'instructor', '510108001')]],
  ['510108', [person('sup-1', 'supervisor', '510108'), person('bur-1', 'bureau', '510108')]],
]);

/** Who the ladder tells, hour by hour. */
function told(hours: number[]) {
  const ladder = DEFAULT_FOLLOW_UP_LADDER;
  let state: EscalationState = NOT_ESCALATED;
  const out: string[] = [];
  for (const h of hours) {
    const step = escalationStep(due, ladder, state, after(h));
    if (step.action === 'notify') {
      const found = recipientFor(ladder, step.level, village, chain);
      out.push(`${h}h: ${'person' in found ? found.person.personId : 'nobody'}${step.repeat ? ' again' : ''}`);
    }
    state = step.state;
  }
  return out;
}

describe('The follow-up ladder (跟踪回访 escalates above its owner)', () => {
  it('tells the county supervisor at the deadline, the bureau two days later and daily after — never the liaison or the instructor who owns it', () => {
    expect(told([0, 1, 47, 48, 71, 72, 96])).toEqual(['0h: sup-1', '48h: bur-1', '72h: bur-1 again', '96h: bur-1 again']);
  });

  it('gives follow-ups their own ladder and every other task its tier’s', () => {
    const config = escalationConfigSchema.parse({ ladders: { default: DEFAULT_LADDERS.default, key: DEFAULT_LADDERS.key }, acknowledgeHours: 24, followUpHours: 72 });
    expect(ladderForTask(config, { kind: 'follow_up', tier: 'key' })).toEqual(DEFAULT_FOLLOW_UP_LADDER);
    expect(ladderForTask(config, { kind: 'routine', tier: 'key' })).toEqual(DEFAULT_LADDERS.key);
    expect(ladderForTask(config, { kind: 'special', tier: 'general' })).toEqual(DEFAULT_LADDERS.default);
  });

  it('refuses a follow-up ladder that starts at or below the owner, naming the level', () => {
    const r = followUpLadderSchema.safeParse([
      { role: 'liaison', afterDueHours: 0 },
      { role: 'instructor', afterDueHours: 24 },
      { role: 'supervisor', afterDueHours: 48 },
    ]);
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!)).toEqual([
      {
        field: '0.role',
        rule: 'a follow-up is owned by the township instructor (镇(街道)指导员): its ladder starts above it (supervisor or bureau), not at liaison',
        code: 'follow_up_ladder_too_low',
        message: '跟踪回访由镇(街道)指导员负责，逾期催办须从更上一级（督导员或民政局）开始，不能是村(居)联络员',
      },
      {
        field: '1.role',
        rule: 'a follow-up is owned by the township instructor (镇(街道)指导员): its ladder starts above it (supervisor or bureau), not at instructor',
        code: 'follow_up_ladder_too_low',
        message: '跟踪回访由镇(街道)指导员负责，逾期催办须从更上一级（督导员或民政局）开始，不能是镇(街道)指导员',
      },
    ]);
  });

  it('refuses a follow-up ladder that climbs down', () => {
    const r = followUpLadderSchema.safeParse([
      { role: 'bureau', afterDueHours: 0 },
      { role: 'supervisor', afterDueHours: 24 },
    ]);
    expect(formatIssues(r.error!)).toEqual([{ field: '1.role', rule: 'must not climb down: level 1 is bureau', code: 'ladder_climbs_down', message: '催办只能逐级向上：第1级已是民政局，下一级不能更低' }]);
  });

  it('defaults the follow-up ladder for a config that names none', () => {
    expect(escalationConfigSchema.parse({ ladders: { default: DEFAULT_LADDERS.default }, acknowledgeHours: 24, followUpHours: 72 }).followUpLadder).toEqual(DEFAULT_FOLLOW_UP_LADDER);
  });
});
