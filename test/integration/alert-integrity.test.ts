import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandler as applyHandler, occasionStreamEvent } from '../../functions/apply-occasion/handler';
import { createHandler as ingestHandler } from '../../functions/ingest-alert/handler';
import type { HttpResponse } from '../../functions/ingest-alert/handler';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { applyOccasion } from '../../shared/app/apply-occasion';
import type { ApplyOccasionReport } from '../../shared/app/apply-occasion';
import { ingestAlert } from '../../shared/app/ingest-alert';
import type { Task } from '../../shared/domain/task/task';
import type { TaskRepository } from '../../shared/ports';
import { cli } from '../helpers/cli';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const cap = readFileSync(join(import.meta.dirname, '../fixtures/alerts/heat-red-alert.xml'), 'utf8');
const post = (body: string) => ({ requestContext: { http: { method: 'POST' } }, headers: { 'content-type': 'application/cap+xml' }, body, isBase64Encoded: false });
const json = (over: Record<string, unknown> = {}) => ({
  identifier: 'judge-1',
  sender: '成华区气象台',
  sent: '2026-07-20T10:00:00+08:00',
  event: 'heat',
  level: 'red',
  areaCodes: ['510108001'],
  onset: '2026-07-20T10:00:00+08:00',
  expires: '2026-07-22T10:00:00+08:00',
  ...over,
});

let world: World;
const deps = () => ({ ...world.repos, clock: world.clock, runtime: world.runtime });
const specialTasks = async (): Promise<Task[]> => {
  const out: Task[] = [];
  for (const id of ledgerIds) out.push(...(await world.repos.tasks.forElder(id)).filter((t) => t.kind === 'special'));
  return out;
};
let ledgerIds: string[] = [];

beforeEach(async () => {
  world = await newWorld('sichuan', '2026-07-20T10:05:00+08:00');
  ledgerIds = (await loadLedger(world, { elders: 60, asOf: '2026-07-01' })).registrations.map((r) => r.id);
});

describe('XML is parsed with no document type at all', () => {
  it('the function answers a DOCTYPE inside <alert> (an entity that would make the warning red) with 400 problem+json, and stores nothing', async () => {
    const ingest = ingestHandler(deps);
    const evil = cap.replace('<identifier>', '<!DOCTYPE a [<!ENTITY c "红色">]><identifier>').replace('<event>高温红色预警</event>', '<event>高温&c;预警</event>');
    const answer = (await ingest(post(evil), lambdaContext('ingest-alert'))) as HttpResponse;
    expect(answer).toMatchObject({ statusCode: 400, headers: { 'content-type': 'application/problem+json' } });
    expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ field: '(xml)', rule: expect.stringMatching(/no DOCTYPE or ENTITY/) }] });
    expect(await world.repos.occasions.get('alert:51010841600000_20260720100000')).toBeUndefined();
    expect(await specialTasks()).toEqual([]);
  });

  it('the CLI exits 1 with the reason for a DOCTYPE, broken XML or a missing file, never a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-xml-'));
    const data = join(dir, 'db');
    await (await startEmbeddedDynamo({ path: data })).close();
    const files = { doctype: cap.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x "y">]>'), broken: cap.replace('</alert>', '') };
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, `${name}.xml`), body);
    for (const [file, reason] of [
      ['doctype.xml', /no DOCTYPE or ENTITY/],
      ['broken.xml', /not well-formed XML at line/],
      ['missing.xml', /cannot be read: ENOENT/],
    ] as const) {
      const r = await cli(['alert', 'ingest', '--data', data, '--region', 'sichuan', '--at', '2026-07-20T10:05:00+08:00', join(dir, file)]);
      expect({ file, code: r.code }).toEqual({ file, code: 1 });
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('weather warnings are judged before they act', () => {
  it('refuses a warning that has already expired, ingested later: no occasion, no task, no SMS', async () => {
    world.clock.set('2026-07-23T09:00:00+08:00');
    await expect(ingestAlert(deps(), { json: json() })).rejects.toThrow(/expires: has passed \(2026-07-22T10:00:00\+08:00; now 2026-07-23T09:00:00\+08:00\)/);
    const answer = (await ingestHandler(deps)(post(cap), lambdaContext('ingest-alert'))) as HttpResponse;
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400, errors: [{ field: 'info.expires', rule: expect.stringMatching(/has passed/) }] });
    expect(await world.repos.occasions.get('alert:judge-1')).toBeUndefined();
    expect(await specialTasks()).toEqual([]);
    expect(await world.repos.outbox.listReady('2026-07-24T00:00:00+08:00', 10)).toEqual([]);
  });

  it('refuses an alert wholly outside the deployment, and one sent from the future; keeps the served part of a mixed one', async () => {
    await expect(ingestAlert(deps(), { json: json({ areaCodes: ['440304', '440305001'] }) })).rejects.toThrow(/areaCodes: none of 440304, 440305001 lies in this deployment \(510108\)/);
    expect(await world.repos.occasions.get('alert:judge-1')).toBeUndefined();
    await expect(ingestAlert(deps(), { json: json({ sent: '2026-07-20T11:00:00+08:00' }) })).rejects.toThrow(/sent: is in the future/);
    const mixed = await ingestAlert(deps(), { json: json({ areaCodes: ['440304', '510108001'] }) });
    expect(mixed).toMatchObject({ outcome: 'accepted' });
    expect((await applyOccasion(deps(), mixed.occasionId)).outsideAreas).toEqual(['440304']);
  });

  it('a second sender reusing an identifier gets its own alert (CAP identity is sender + identifier + sent), not “duplicate”', async () => {
    const yellow = await ingestAlert(deps(), { json: json({ level: 'yellow', areaCodes: ['510108002'] }) });
    await applyOccasion(deps(), yellow.occasionId);
    const red = await ingestAlert(deps(), { json: json({ sender: '成都市气象台', areaCodes: ['510108001'] }) });
    expect(red).toMatchObject({ outcome: 'accepted', apply: true });
    expect(red.occasionId).not.toBe(yellow.occasionId);
    const applied = await applyOccasion(deps(), red.occasionId);
    expect(applied.tasksCreated).toBeGreaterThan(0);
    expect(await world.repos.occasions.get(yellow.occasionId)).toMatchObject({ alert: { level: 'yellow', sender: '成华区气象台' } });
    expect(await ingestAlert(deps(), { json: json({ sender: '成都市气象台', areaCodes: ['510108001'] }) })).toMatchObject({ outcome: 'duplicate', occasionId: red.occasionId });
    // The second sender's update follows its own alert, not the first sender's.
    world.clock.set('2026-07-20T12:05:00+08:00');
    const update = await ingestAlert(deps(), { json: json({ sender: '成都市气象台', identifier: 'judge-2', msgType: 'Update', references: ['judge-1'], sent: '2026-07-20T12:00:00+08:00', level: 'orange' }) });
    expect(update).toMatchObject({ outcome: 'updated', occasionId: red.occasionId });
    expect(await world.repos.occasions.get(yellow.occasionId)).toMatchObject({ alert: { level: 'yellow' } });
  });
});

/** Tasks whose writes fail after `n` (a crash half-way), as the store behind a killed run would leave them. */
function failingAfter(tasks: TaskRepository, n: number): TaskRepository {
  let writes = 0;
  const crash = () => {
    if (++writes > n) throw new Error('simulated crash');
  };
  return Object.assign(Object.create(tasks) as TaskRepository, {
    createIfAbsent: async (t: Task) => (crash(), tasks.createIfAbsent(t)),
    update: async (t: Task) => (crash(), tasks.update(t)),
  });
}

/** Tasks whose `n`-th creation succeeds and the run dies right after it, before anything counts it. */
function dyingAfterCreating(tasks: TaskRepository, n: number): TaskRepository {
  let made = 0;
  return Object.assign(Object.create(tasks) as TaskRepository, {
    createIfAbsent: async (t: Task) => {
      const outcome = await tasks.createIfAbsent(t);
      if (outcome === 'created' && ++made >= n) throw new Error('simulated crash');
      return outcome;
    },
  });
}

/** Tasks whose `n`-th update of a special task succeeds and the run dies right after it, before the page's notices are queued. */
function dyingAfterUpdating(tasks: TaskRepository, n: number): TaskRepository {
  let made = 0;
  return Object.assign(Object.create(tasks) as TaskRepository, {
    update: async (t: Task) => {
      const done = await tasks.update(t);
      if (done && t.kind === 'special' && ++made >= n) throw new Error('simulated crash');
      return done;
    },
  });
}

describe('an occasion is applied completely or resumed', () => {
  it('an upgrade to red killed right after making some visits stricter, and run again, tells the visitors what a clean run tells them', async () => {
    const yellow = json({ level: 'yellow', areaCodes: ['510108001', '510108002'] });
    const red = json({ identifier: 'judge-2', msgType: 'Update', references: ['judge-1'], sent: '2026-07-20T12:00:00+08:00', level: 'red', areaCodes: ['510108001', '510108002'] });
    const control = await newWorld('sichuan', '2026-07-20T10:05:00+08:00');
    await loadLedger(control, { elders: 60, asOf: '2026-07-01' });
    const cdeps = () => ({ ...control.repos, clock: control.clock, runtime: control.runtime });
    const { occasionId } = await ingestAlert(cdeps(), { json: yellow });
    await applyOccasion(cdeps(), occasionId);
    expect((await ingestAlert(deps(), { json: yellow })).occasionId).toBe(occasionId);
    await applyOccasion(deps(), occasionId);
    control.clock.set('2026-07-20T12:05:00+08:00');
    world.clock.set('2026-07-20T12:05:00+08:00');
    await ingestAlert(cdeps(), { json: red });
    const clean = await applyOccasion(cdeps(), occasionId);
    expect(clean.tasksTightened).toBeGreaterThan(3);
    expect(await ingestAlert(deps(), { json: red })).toMatchObject({ outcome: 'updated' });
    await expect(applyOccasion({ ...deps(), tasks: dyingAfterUpdating(world.repos.tasks, 3), concurrency: 1 }, occasionId)).rejects.toThrow('simulated crash');
    await applyOccasion(deps(), occasionId);
    // The update's own notices (…#judge-2): each visitor's, listing the elders it made stricter, in both worlds alike.
    const updateNotices = async (w: World) =>
      (await w.repos.outbox.listReady('2026-07-22T00:00:00+08:00', 500))
        .filter((m) => m.messageId.endsWith('#judge-2'))
        .map((m) => ({ id: m.messageId, refs: [...(m.taskRefs ?? [])].sort(), params: m.params }))
        .sort((a, b) => a.id.localeCompare(b.id));
    const expected = await updateNotices(control);
    expect(expected.length).toBeGreaterThan(0);
    expect(await updateNotices(world)).toEqual(expected);
    expect(await world.repos.occasions.stats(occasionId)).toEqual(await control.repos.occasions.stats(occasionId));
  }, 180_000);

  it('an update that widens the warning, killed right after writing some of its new tasks and run again, counts them once', async () => {
    const first = await ingestAlert(deps(), { json: json({ areaCodes: ['510108001'] }) });
    await applyOccasion(deps(), first.occasionId);
    const before = await specialTasks();
    world.clock.set('2026-07-20T12:05:00+08:00');
    const widened = json({ identifier: 'judge-2', msgType: 'Update', references: ['judge-1'], sent: '2026-07-20T12:00:00+08:00', areaCodes: ['510108001', '510108002'] });
    expect(await ingestAlert(deps(), { json: widened })).toMatchObject({ outcome: 'updated', occasionId: first.occasionId });
    await expect(applyOccasion({ ...deps(), tasks: dyingAfterCreating(world.repos.tasks, 3), concurrency: 1 }, first.occasionId)).rejects.toThrow('simulated crash');
    expect((await specialTasks()).length).toBe(before.length + 3);
    await applyOccasion(deps(), first.occasionId);
    const tasks = await specialTasks();
    expect(tasks.length).toBeGreaterThan(before.length + 3);
    expect(new Set(tasks.map((t) => t.elderId)).size).toBe(tasks.length);
    expect(await world.repos.occasions.appliedRevision(first.occasionId)).toBe(2);
    // Every elder and task counted once over both revisions, the three the killed attempt wrote included.
    expect(await world.repos.occasions.stats(first.occasionId)).toMatchObject({ elders: tasks.length, tasksCreated: tasks.length });
  });

  it('a repeat of a message whose application was cut short resumes it: every elder gets the task once, the counters are exact', async () => {
    const first = await ingestAlert(deps(), { json: json({ areaCodes: ['510108'] }) });
    await expect(applyOccasion({ ...deps(), tasks: failingAfter(world.repos.tasks, 7), concurrency: 1 }, first.occasionId)).rejects.toThrow('simulated crash');
    expect((await specialTasks()).length).toBe(7);
    const again = await ingestAlert(deps(), { json: json({ areaCodes: ['510108'] }) });
    expect(again).toMatchObject({ outcome: 'resumed', apply: true });
    const resumed = await applyOccasion(deps(), first.occasionId);
    const tasks = await specialTasks();
    expect(tasks).toHaveLength(resumed.elders);
    expect(new Set(tasks.map((t) => t.elderId)).size).toBe(tasks.length);
    expect(await world.repos.occasions.stats(first.occasionId)).toMatchObject({ elders: resumed.elders, tasksCreated: resumed.elders });
    expect(await ingestAlert(deps(), { json: json({ areaCodes: ['510108'] }) })).toMatchObject({ outcome: 'duplicate', apply: false });
  });

  it('the stream function’s retry of a failed batch finishes the application, and a later retry adds nothing', async () => {
    const { occasionId } = await ingestAlert(deps(), { json: json({ areaCodes: ['510108'] }) });
    let fail = true;
    const flaky = applyHandler(() => ({ ...deps(), tasks: fail ? failingAfter(world.repos.tasks, 5) : world.repos.tasks }));
    await expect(flaky(occasionStreamEvent([occasionId]), lambdaContext('apply-occasion'))).rejects.toThrow('simulated crash');
    fail = false;
    const [report] = (await flaky(occasionStreamEvent([occasionId]), lambdaContext('apply-occasion'))) as ApplyOccasionReport[];
    await flaky(occasionStreamEvent([occasionId]), lambdaContext('apply-occasion'));
    const tasks = await specialTasks();
    expect(tasks).toHaveLength(report!.elders);
    expect(await world.repos.occasions.stats(occasionId)).toMatchObject({ elders: report!.elders, tasksCreated: report!.elders, noticesQueued: report!.visitorNotices + report!.familyNotices + report!.noticesExisting });
    expect(await world.repos.occasions.appliedRevision(occasionId)).toBe(1);
  });
});
