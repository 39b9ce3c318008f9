import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerElder } from '../../shared/app/register-elder';
import { generateTasks } from '../../shared/app/generate-tasks';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { startTestApi } from '../helpers/api';
import { apiWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

const V1 = '510108001001';
const LIAISON = `lia-${V1}`;
const OTHER_LIAISON = 'lia-510108002001';
const VISITOR = `vis-${V1}-1`;
const PEOPLE = [LIAISON, OTHER_LIAISON, VISITOR, 'ins-510108001', 'admin-1', 'sup-county'];

let world: World;
let api: Awaited<ReturnType<typeof startTestApi>>;
let refusing: string;
let assessing: string;
let other: string;

beforeAll(async () => {
  world = await apiWorld();
  const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
  const liaison = (await world.repos.people.get(LIAISON))!;
  const inV1 = [];
  for await (const e of world.repos.elders.inArea({ county: '510108', prefix: V1 })) if (e.visitorId === VISITOR) inV1.push(e.elderId);
  refusing = inV1[0]!;
  assessing = inV1[1]!;
  for await (const e of world.repos.elders.inArea({ county: '510108', prefix: '510108002' })) other ??= e.elderId;
  const a = (await world.repos.elders.get(refusing))!.registration;
  await registerElder(deps, { ...a, consent: { ...a.consent, homeVisits: false, homeVisitRefusal: { by: 'carer', carerName: '李明', on: '2026-11-20', reason: '担心打扰老人休息' } } }, { mode: 'update', actor: liaison });
  const b = (await world.repos.elders.get(assessing))!.registration;
  await registerElder(deps, { ...b, categories: ['disabled'], abilityLevel: undefined, disability: undefined }, { mode: 'update', actor: liaison });
  api = await startTestApi(world, PEOPLE);
});

afterAll(async () => {
  await api?.close();
  await stopDynamo();
});

describe('HTTP: who is an elder, and consent to home visits', () => {
  it('refuses to register a 56-year-old at POST /elders, naming the ID number and the rule', async () => {
    const form = elderRegistrationSchema.parse((await world.repos.elders.get(refusing))!.registration);
    const body = '51010819700315002';
    const young = { ...form, id: undefined, residentId: `${body}${residentIdCheckChar(body)}`, sex: 'female', birthDate: undefined, disability: undefined, consent: { visits: true, homeVisits: true, recordedOn: '2026-11-01' } };
    const r = await api.call('POST', '/elders', 'admin-1', young);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.json.errors).toEqual([
      {
        field: 'residentId',
        rule: expect.stringContaining('registers elders aged 60 or over (老年人: 60周岁以上): register them from 2030-03-15'),
        code: 'under_minimum_age',
        message: '此人2026-11-20时56周岁（1970-03-15出生），未满60周岁，不属于本地登记的老年人；请于2030-03-15后再登记',
      },
    ]);
    expect(r.json).toMatchObject({ code: 'under_minimum_age', message: expect.stringContaining('未满60周岁') });
  });

  it('refuses a form that says no to home visits without who refused', async () => {
    const form = (await world.repos.elders.get(assessing))!.registration;
    const r = await api.call('PUT', `/elders/${assessing}`, LIAISON, { ...form, consent: { ...form.consent, homeVisits: false } });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([
      { field: 'consent.homeVisitRefusal', rule: expect.stringContaining('入户探访要征得老年人或其赡养人同意'), code: 'refusal_required', message: expect.stringMatching(/^不同意入户时，须登记由谁拒绝（本人或赡养人）/) },
    ]);
  });

  it('shows the refusal and 待评估 on the elder’s API view, to the liaison and to the visitor', async () => {
    const full = await api.call('GET', `/elders/${refusing}?purpose=${encodeURIComponent('核实入户意愿')}`, LIAISON);
    expect(full.status).toBe(200);
    expect(full.json.care).toMatchObject({
      eligible: true,
      homeVisits: 'refused',
      homeVisitRefusal: { by: 'carer', carerName: '李明', on: '2026-11-20' },
      homeRequired: false,
      methods: ['phone', 'video', 'on_the_way', 'other'],
      review: { last: { by: LIAISON, kind: 'updated' }, overdue: false, intervalMonths: 6 },
    });
    const card = await api.call('GET', `/elders/${assessing}`, VISITOR);
    expect(card.json).toMatchObject({ view: 'visit', care: { tier: 'key', needsAssessment: true } });
    expect(JSON.stringify(card.json)).not.toContain('residentId');
  });

  it('lists the refused elder’s open task on the visitor’s phone as callable, with who refused', async () => {
    const r = await api.call('GET', '/tasks?view=today', VISITOR);
    const tasks = (r.json.tasks as { elderId: string; methods: string[]; homeRequired: boolean; homeRefusal?: unknown }[]).filter((t) => t.elderId === refusing);
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) expect(t).toMatchObject({ homeRequired: false, homeRefusal: { by: 'carer', carerName: '李明', on: '2026-11-20', reason: '担心打扰老人休息' } });
  });

  it('splits visit rates by consent (GET /visit-rates?by=consent)', async () => {
    const r = await api.call('GET', '/visit-rates?area=510108&period=2026-11&by=consent', 'admin-1');
    expect(r.status).toBe(200);
    expect((r.json.rows as { consent: string }[]).map((x) => x.consent).sort()).toEqual(['home_consented', 'home_refused']);
    expect((await api.call('GET', '/visit-rates?area=510108&period=2026-11&by=consent,moon', 'admin-1')).status).toBe(400);
  });
});

describe('HTTP: POST /elders/{elderId}/review', () => {
  it('records a review by the village liaison, once however often it is sent', async () => {
    const first = await api.call('POST', `/elders/${assessing}/review`, LIAISON, { note: '入户核实，信息无变化' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ elderId: assessing, recorded: true, lastReview: { on: '2026-11-20', by: LIAISON, kind: 'checked', note: '入户核实，信息无变化' } });
    const replay = await api.call('POST', `/elders/${assessing}/review`, LIAISON, { note: '入户核实，信息无变化' });
    expect(replay.json).toMatchObject({ recorded: false, version: first.json.version });
    expect((await world.repos.elders.get(assessing))!.version).toBe(first.json.version);
  });

  it('refuses a liaison of another village (403), a visitor (403), an unknown elder (404) and a closed entry (409)', async () => {
    expect((await api.call('POST', `/elders/${assessing}/review`, OTHER_LIAISON, {})).status).toBe(403);
    expect((await api.call('POST', `/elders/${other}/review`, LIAISON, {})).json.detail).toContain('does not include village');
    expect((await api.call('POST', `/elders/${assessing}/review`, VISITOR, {})).status).toBe(403);
    expect((await api.call('POST', '/elders/E-nobody/review', LIAISON, {})).status).toBe(404);
    expect((await api.call('POST', `/elders/${assessing}/review`)).status).toBe(401);
    expect((await api.call('POST', `/elders/${other}/status`, 'admin-1', { state: 'deceased', since: '2026-11-19' })).status).toBe(200);
    const closed = await api.call('POST', `/elders/${other}/review`, 'admin-1', {});
    expect(closed.status).toBe(409);
    expect(closed.json.detail).toContain('is closed (deceased since 2026-11-19)');
  });

  it('refuses malformed bodies naming the field: unknown fields, a long note, hidden characters, not JSON', async () => {
    const extra = await api.call('POST', `/elders/${assessing}/review`, LIAISON, { note: 'ok', lastReview: { on: '2020-01-01' } });
    expect(extra.status).toBe(400);
    expect(extra.json.errors?.[0]?.field).toBe('body');
    const long = await api.call('POST', `/elders/${assessing}/review`, LIAISON, { note: '长'.repeat(101) });
    expect(long.json.errors).toEqual([{ field: 'body.note', rule: 'at most 100 characters', code: 'too_long', message: '最多100个字符' }]);
    expect((await api.call('POST', `/elders/${assessing}/review`, LIAISON, { note: '无变化\u202e' })).json.errors?.[0]?.field).toBe('body.note');
    expect((await api.call('POST', `/elders/${assessing}/review`, LIAISON, '{"note":')).status).toBe(400);
    expect((await api.call('POST', `/elders/${assessing}/review`, LIAISON, 'note=x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api.call('POST', `/elders/${encodeURIComponent('../E1')}/review`, LIAISON, {})).status).toBe(400);
  });
});

describe('HTTP: GET /ledger/reviews/overdue', () => {
  it('lists, half a year on, the entries of the caller’s area not reviewed since, per village, names masked', async () => {
    world.clock.set('2027-05-21T10:00:00+08:00');
    const later = await startTestApi(world, PEOPLE);
    try {
      const r = await later.call('GET', `/ledger/reviews/overdue?area=${V1}`, LIAISON);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ area: V1, reviewedBefore: '2026-11-21', intervalMonths: 6 });
      const villages = r.json.villages as { villageCode: string; count: number; elders: { elderId: string; maskedName: string }[] }[];
      expect(villages.map((v) => v.villageCode)).toEqual([V1]);
      expect(villages[0]!.elders.map((e) => e.elderId)).toContain(refusing);
      expect(villages[0]!.elders.every((e) => e.maskedName.includes('*'))).toBe(true);
      expect(JSON.stringify(r.json)).not.toMatch(/\d{17}[\dX]/);
      const county = await later.call('GET', '/ledger/reviews/overdue?area=510108&limit=3', 'sup-county');
      expect(county.json.listed).toBe(3);
      expect(county.json.total).toBeGreaterThan(3);
    } finally {
      await later.close();
      world.clock.set('2026-11-20T10:00:00+08:00');
    }
  });

  it('refuses an area outside the caller’s (403), a visitor (403), an unknown village (404), a malformed code or limit (400)', async () => {
    expect((await api.call('GET', '/ledger/reviews/overdue?area=510108002001', LIAISON)).status).toBe(403);
    expect((await api.call('GET', `/ledger/reviews/overdue?area=${V1}`, VISITOR)).status).toBe(403);
    expect((await api.call('GET', '/ledger/reviews/overdue?area=510108009009', 'admin-1')).status).toBe(404);
    expect((await api.call('GET', '/ledger/reviews/overdue?area=5101080010', 'admin-1')).json.errors?.[0]?.field).toBe('query.area');
    expect((await api.call('GET', '/ledger/reviews/overdue?area=510108&limit=0', 'admin-1')).json.errors?.[0]?.field).toBe('query.limit');
    expect((await api.call('GET', '/ledger/reviews/overdue?area=510108&extra=1', 'admin-1')).status).toBe(400);
  });
});

describe('Tasks generated after a refusal', () => {
  it('keeps the refusal on tasks made after it (generation the next period)', async () => {
    world.clock.set('2026-11-28T06:00:00+08:00');
    await generateTasks({ ...world.repos, clock: world.clock, runtime: world.runtime });
    world.clock.set('2026-11-20T10:00:00+08:00');
    const dec = (await world.repos.tasks.forElder(refusing)).filter((t) => t.periodId.startsWith('2026-12'));
    expect(dec.length).toBeGreaterThan(0);
    for (const t of dec) expect(t).toMatchObject({ homeRequired: false, homeRefusal: { by: 'carer' } });
  });
});
