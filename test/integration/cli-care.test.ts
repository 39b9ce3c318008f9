import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { generateTasks } from '../../shared/app/generate-tasks';
import { recordVisit } from '../../shared/app/record-visit';
import { loadRegion } from '../../shared/config/load';
import type { Task } from '../../shared/domain/task/task';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import { cli } from '../helpers/cli';
import { loadLedger } from '../helpers/world';
import type { World } from '../helpers/world';

const data = join(mkdtempSync(join(tmpdir(), 'tanfang-cli-care-')), 'db');
let task: Task;
let followUp: string;
let needKey: string;

/** A local database as `simulate --data` leaves one: the ledger, tasks of 16 November, one visit with a referral. */
beforeAll(async () => {
  const db = await startEmbeddedDynamo({ path: data });
  try {
    const world = { repos: dynamoRepositories(db.client, db.names), names: db.names, clock: new ManualClock('2026-11-16T06:00:00+08:00'), runtime: loadRegion('sichuan'), db } as World;
    await loadLedger(world, { elders: 30 });
    const deps = { ...world.repos, clock: world.clock, runtime: world.runtime };
    await generateTasks(deps);
    for (const id of Array.from({ length: 30 }, (_, i) => `E${String(i + 1).padStart(6, '0')}`)) {
      task = (await world.repos.tasks.forElder(id)).find((t) => t.visitorId !== undefined && t.villageCode.startsWith('510108001'))!;
      if (task) break;
    }
    world.clock.set('2026-11-20T10:00:00+08:00');
    const form = { ...visitForm(task, task.visitorId!, world.clock.now(), 'home', new Random(1)), needs: [{ needId: 'n1', description: '助浴' }], measures: [{ needId: 'n1', description: '转介上门助浴', status: 'referred' as const }] };
    followUp = `${task.elderId}#${(await recordVisit(deps, form)).followUps.followUp!.taskId}`;
    needKey = `${form.visitId}.n1`;
  } finally {
    await db.close();
  }
}, 60_000);

const at = ['--at', '2026-11-21T10:00:00+08:00'];
const base = ['--data', data, '--region', 'sichuan'];

describe('CLI: needs, follow-ups and smart devices', () => {
  it('lists an elder’s open needs for the liaison, and refuses a liaison of another township (exit 1)', async () => {
    const list = await cli(['needs', 'list', ...base, '--elder', task.elderId, '--as', `lia-${task.villageCode}`]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ needKey, measures: [{ state: 'referred' }] });
    const area = await cli(['needs', 'list', ...base, '--area', task.townshipCode, '--as', `ins-${task.townshipCode}`]);
    expect(area.stdout).toContain(needKey);
    expect(await cli(['needs', 'list', ...base, '--elder', task.elderId, '--as', 'lia-510108002001'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/may work the needs of their own elders[\s\S]*说明：没有权限：只能处理自己探访的老人或所督导区域老人的需求/),
    });
  });

  it('records the follow-up’s outcome for its owner, refuses a visitor, and names a bad option', async () => {
    const args = ['task', 'follow-up', ...base, '--task', followUp, ...at, '--method', 'phone', '--outcome', 'resolved', '--note', '已上门助浴'];
    expect(await cli([...args, '--by', task.visitorId!])).toMatchObject({ code: 1, stderr: expect.stringMatching(/follow-up belongs to[\s\S]*说明：没有权限：该跟踪回访由\S+负责，您不能代为登记/) });
    const ok = await cli([...args, '--by', `ins-${task.townshipCode}`]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ state: 'completed', recorded: true, followedUp: [`${needKey}/m1`] });
    const bad = await cli(['task', 'follow-up', ...base, '--task', followUp, '--by', `ins-${task.townshipCode}`, '--method', 'fax', '--outcome', 'resolved']);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/method: must be one of home, phone, video, other.*note: /) });
  });

  it('adds and moves a measure, refusing a step back with the reason', async () => {
    const add = await cli(['needs', 'add', ...base, ...at, '--elder', task.elderId, '--need', needKey, '--description', '家属每周陪同洗澡', '--state', 'planned', '--by', task.visitorId!]);
    expect(JSON.parse(add.stdout)).toMatchObject({ measure: { measureId: 'm2', state: 'planned' } });
    const move = await cli(['needs', 'move', ...base, ...at, '--elder', task.elderId, '--need', needKey, '--measure', 'm2', '--to', 'done', '--by', task.visitorId!]);
    expect(JSON.parse(move.stdout)).toMatchObject({ measure: { state: 'done' } });
    expect(await cli(['needs', 'move', ...base, '--elder', task.elderId, '--need', needKey, '--measure', 'm2', '--to', 'planned', '--by', task.visitorId!])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/done is final[\s\S]*说明：与已有记录冲突：措施当前为“已完成”/),
    });
    expect(await cli(['needs', 'move', ...base, '--elder', task.elderId, '--need', needKey, '--measure', 'm2', '--to', 'finished', '--by', task.visitorId!])).toMatchObject({ code: 2 });
  });

  it('registers a device as the elder’s liaison, takes an alarm from its platform, merges the repeat, and refuses an unknown device', async () => {
    const liaison = `lia-${task.villageCode}`;
    expect(await cli(['device', 'register', ...base, '--elder', task.elderId, '--device', 'cli-gas-1', '--platform', 'chenghua-care', '--kinds', 'gas,smoke', '--by', task.visitorId!])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/registers smart devices[\s\S]*说明：没有权限：只有老人所在村（居）联络员或管理员可以登记智能设备/),
    });
    const reg = await cli(['device', 'register', ...base, '--elder', task.elderId, '--device', 'cli-gas-1', '--platform', 'chenghua-care', '--kinds', 'gas,smoke', '--label', '厨房', '--by', liaison]);
    expect(JSON.parse(reg.stdout)).toMatchObject({ created: true, device: { deviceId: 'cli-gas-1', kinds: ['gas', 'smoke'] } });
    const alarm = (time: string, deviceId = 'cli-gas-1') =>
      cli(['device', 'alarm', ...base, '--platform', 'chenghua-care', '--at', '2026-11-21T10:00:00+08:00'], JSON.stringify({ deviceId, elderId: task.elderId, kind: 'gas', at: `2026-11-21T${time}:00+08:00` }));
    expect(JSON.parse((await alarm('09:50')).stdout)).toMatchObject({ outcome: 'raised', alarms: 1 });
    expect(JSON.parse((await alarm('09:55')).stdout)).toMatchObject({ outcome: 'merged', alarms: 2 });
    expect(await alarm('09:56', 'cli-gas-404')).toMatchObject({ code: 1, stderr: expect.stringMatching(/deviceId: cli-gas-404 is not a registered device[\s\S]*说明：报警未受理：deviceId：设备cli-gas-404未登记/) });
    const list = await cli(['device', 'list', ...base, '--elder', task.elderId, '--as', liaison]);
    expect(list.stdout).toContain('"alarms":2');
  });

  it('prints the headers a platform signs a request with, from the local key file', async () => {
    const signed = await cli(['device', 'sign', '--data', data, '--platform', 'chenghua-care', '--at', '2026-11-21T10:00:00+08:00'], '{"deviceId":"cli-gas-1"}');
    expect(JSON.parse(signed.stdout)).toEqual({ 'x-tanfang-platform': 'chenghua-care', 'x-tanfang-timestamp': String(Date.parse('2026-11-21T10:00:00+08:00') / 1000), 'x-tanfang-signature': expect.stringMatching(/^v1=[0-9a-f]{64}$/) });
    const again = await cli(['device', 'sign', '--data', data, '--platform', 'chenghua-care', '--at', '2026-11-21T10:00:00+08:00'], '{"deviceId":"cli-gas-1"}');
    expect(again.stdout).toBe(signed.stdout);
  });
});
