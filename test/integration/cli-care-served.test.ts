import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCareServed } from '../../cli/simulation/care-served-summary';
import type { CareServedSummary } from '../../cli/simulation/care-served-summary';
import { LEDGER_COLUMNS } from '../../shared/domain/ledger/columns';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { cli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tanfang-care-'));
const data = join(dir, 'db');
const base = ['--data', data, '--region', 'sichuan'];
const at = (t: string) => ['--at', t];

/**
 * The local runner over the turn of a month: 10 October to 4 November. The elders entered in
 * the spring fall overdue for their half-yearly review, the liaisons are reminded on 1 November
 * and review most of them; a carer refuses home visits on day 12, a refusal is withdrawn on day 25.
 */
describe('npm start (tanfang simulate) and the ledger commands: refusals and reviews', () => {
  let care: CareServedSummary;

  beforeAll(async () => {
    const r = await cli(['simulate', '--data', data, '--start', '2026-10-10', '--days', '26', '--elders', '80', '--seed', '4', '--outbox', join(dir, 'outbox.jsonl'), '--reports-dir', join(dir, 'reports'), '--json']);
    expect(r.code).toBe(0);
    care = (JSON.parse(r.stdout) as { careServed: CareServedSummary }).careServed;
  }, 240_000);

  it('shows a refusal of home visits: the refusing elders’ tasks are calls, none home-only; a refusal recorded mid-window and one withdrawn', () => {
    expect(care.homeVisits.refusingElders).toBeGreaterThan(0);
    expect(care.homeVisits.homeOnlyTasks).toBe(0);
    expect(care.homeVisits.tasks).toBeGreaterThan(0);
    expect(care.homeVisits.completedBy.home ?? 0).toBe(0);
    expect(care.homeVisits.refusalRecorded).toMatchObject({ on: '2026-10-21', tasksChanged: 1 });
    expect(care.homeVisits.refusalWithdrawn).toMatchObject({ on: '2026-11-03' });
    expect(care.homeVisits.rateByConsent.map((r) => r.consent)).toContain('home_refused');
  });

  it('shows overdue reviews: November’s reminders, the reviews the liaisons recorded, what is left overdue', () => {
    const november = care.reviews.reminders.find((m) => m.month === '2026-11')!;
    expect(november.overdue).toBeGreaterThan(0);
    expect(november.queued).toBe(november.villages);
    expect(care.reviews.reviewsRecorded).toBeGreaterThan(0);
    expect(care.reviews.overdueAtEnd).toBeLessThan(november.overdue + 80);
    const text = renderCareServed(care).join('\n');
    expect(text).toContain('Home visits refused (入户探访要征得同意)');
    expect(text).toMatch(/2026-11: \d+ entries overdue in \d+ villages, \d+ reminders/);
  });

  it('lists overdue entries and records a review from the CLI, once; refuses a reviewer who does not keep the ledger', async () => {
    const overdue = await cli(['ledger', 'overdue', ...base, '--area', '510108', ...at('2026-11-05T10:00:00+08:00')]);
    expect(overdue.code).toBe(0);
    const list = JSON.parse(overdue.stdout) as { total: number; villages: { villageCode: string; elders: { elderId: string }[] }[] };
    expect(list.total).toBe(care.reviews.overdueAtEnd);
    const village = list.villages[0]!;
    const elderId = village.elders[0]!.elderId;
    const review = await cli(['ledger', 'review', ...base, '--elder', elderId, '--by', `lia-${village.villageCode}`, '--note', '电话核实无变化', ...at('2026-11-05T10:00:00+08:00')]);
    expect(review.code).toBe(0);
    expect(JSON.parse(review.stdout)).toMatchObject({ elderId, recorded: true, lastReview: { on: '2026-11-05', kind: 'checked' } });
    expect(JSON.parse((await cli(['ledger', 'review', ...base, '--elder', elderId, '--by', `lia-${village.villageCode}`, '--note', '电话核实无变化', ...at('2026-11-05T11:00:00+08:00')])).stdout).recorded).toBe(false);
    expect(await cli(['ledger', 'review', ...base, '--elder', elderId, '--by', `vis-${village.villageCode}-1`])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('only a village liaison, township instructor or administrator keeps the ledger'),
    });
    expect(await cli(['ledger', 'review', ...base, '--elder', elderId])).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--by <personId>' not specified") });
    expect(await cli(['ledger', 'overdue', ...base, '--area', '510108', '--limit', 'many'])).toMatchObject({ code: 2 });
  });

  it('refuses a 56-year-old’s row at `tanfang ledger import`, exit 1, the rule in the row report', async () => {
    const body = '51010819700315002';
    const row: Record<string, string> = {
      name: '王芳',
      sex: '女',
      residentId: `${body}${residentIdCheckChar(body)}`,
      residenceArea: '510108001001',
      residenceName: '天鹅村',
      residenceAddress: '1组2号',
      categories: '空巢',
      emergencyContacts: '李明/儿子/13900001111',
      hasChildren: '是',
      firstVisitContacts: '李明/儿子/13900001111',
    };
    const file = join(dir, 'young.csv');
    writeFileSync(file, [LEDGER_COLUMNS.map((c) => c.header).join(','), LEDGER_COLUMNS.map((c) => row[c.key] ?? '').join(',')].join('\n'));
    const r = await cli(['ledger', 'import', file, ...base, '--report', join(dir, 'young.errors.csv'), ...at('2026-11-05T10:00:00+08:00')]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'young.errors.csv'), 'utf8')).toContain('register them from 2030-03-15');
  });
});

describe('tanfang policy: the new rules', () => {
  it('classifies a refusal as call-only and an under-age profile as not an elder', async () => {
    const input = [
      '{"id":"e1","birthDate":"1946-11-23","categories":["disabled"],"homeVisitRefusal":{"by":"carer","carerName":"李明","on":"2026-09-01","reason":"担心打扰老人休息"}}',
      '{"id":"e2","birthDate":"1970-03-15","categories":["empty_nest"]}',
    ].join('\n');
    const r = await cli(['policy', 'classify', '--region', 'sichuan', '--as-of', '2026-11-23'], input);
    expect(r.code).toBe(0);
    const [refused, young] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(refused).toMatchObject({ tier: 'key', needsAssessment: true, homeVisits: 'refused', homeVisitRefusal: { by: 'carer', carerName: '李明' }, cadence: { homeRequired: false, methods: ['phone', 'video', 'on_the_way', 'other'] } });
    expect(young).toEqual({ id: 'e2', tier: null, cadence: null, reasons: ['aged 56 on 2026-11-23: 四川省 Sichuan serves elders aged 60 or over (老年人: 60周岁以上)'] });
  });

  it('prints every new rule in words', async () => {
    const sichuan = (await cli(['policy', 'show', '--region', 'sichuan'])).stdout;
    expect(sichuan).toContain('Registration is refused below age 60');
    expect(sichuan).toContain('Needs assessment (待评估) when category 失能 and ability not assessed (未评估)');
    expect(sichuan).toContain('Their tasks are never home-only: 电话/互联网音视频/路遇/其他');
    expect(sichuan).toContain('Every entry is reviewed at least every 6 months');
    const jining = (await cli(['policy', 'show', '--region', 'jining'])).stdout;
    expect(jining).toContain('一般人群 general: when 家庭变故 or 遭遇灾害 or 公共卫生事件 within the last 180 days');
    expect(jining).toContain('No elder is flagged as needing assessment');
  });
});
