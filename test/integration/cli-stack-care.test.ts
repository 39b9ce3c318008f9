import 'aws-sdk-client-mock-vitest/extend';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STACK_DYNAMODB_ENDPOINT_ENV } from '../../cli/stack/session';
import { Random } from '../../cli/simulation/random';
import { visitForm } from '../../cli/simulation/visit-form';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { generateTasks } from '../../shared/app/generate-tasks';
import { archiveClosedTasks } from '../../shared/app/archive-closed';
import { recordVisit } from '../../shared/app/record-visit';
import { sweepExpired } from '../../shared/adapters/local/ttl-sweep';
import { loadRegion } from '../../shared/config/load';
import type { Task } from '../../shared/domain/task/task';
import { cli } from '../helpers/cli';
import { stackOutputs } from '../helpers/stack-outputs';
import { loadLedger } from '../helpers/world';
import type { World } from '../helpers/world';

const cloudFormation = mockClient(CloudFormationClient);
const dir = mkdtempSync(join(tmpdir(), 'tanfang-stack-care-'));
const stack = ['--stack', 'Tanfang-sichuan'];
/** A deployed region records the time it is: the wall clock, pinned here (Date only; timers stay real). */
const NOW = '2026-11-21T10:00:00+08:00';

/**
 * The care commands on a deployed region, as far as a test can go without AWS: CloudFormation
 * is mocked, the stack's tables are dynalite's through the endpoint test seam; the stack outputs,
 * the repositories, the use cases and the commands are what runs against a real stack.
 */
describe('tanfang needs, visit, leave, event, device, spotcheck and archive --stack Tanfang-sichuan', () => {
  let db: EmbeddedDynamo;
  let repos: Repositories;
  let tasks: Task[];
  let needKey: string;

  beforeAll(async () => {
    db = await startEmbeddedDynamo({ prefix: 'Tanfang-sichuan' });
    repos = dynamoRepositories(db.client, db.names);
    const world = { repos, names: db.names, clock: new ManualClock('2026-11-16T06:00:00+08:00'), runtime: loadRegion('sichuan'), db } as World;
    await loadLedger(world, { elders: 30 });
    const deps = { ...repos, clock: world.clock, runtime: world.runtime };
    await generateTasks(deps);
    tasks = [];
    for (let i = 1; i <= 30 && tasks.length < 2; i++) {
      const task = (await repos.tasks.forElder(`E${String(i).padStart(6, '0')}`)).find((t) => t.visitorId !== undefined && t.villageCode.startsWith('510108001'));
      if (task) tasks.push(task);
    }
    world.clock.set('2026-11-20T10:00:00+08:00');
    const form = {
      ...visitForm(tasks[0]!, tasks[0]!.visitorId!, world.clock.now(), 'home', new Random(1)),
      needs: [{ needId: 'n1', description: '助浴' }],
      measures: [{ needId: 'n1', description: '转介上门助浴', status: 'referred' as const }],
    };
    await recordVisit(deps, form);
    needKey = `${form.visitId}.n1`;
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Tanfang-sichuan', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0), Outputs: stackOutputs('sichuan', db.names) }] });
    vi.stubEnv(STACK_DYNAMODB_ENDPOINT_ENV, db.endpoint);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(NOW));
  }, 90_000);

  afterAll(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    await db.close();
  });

  it('lists, adds and moves a need’s measures on the stack’s tables', async () => {
    const [task] = tasks;
    const list = await cli(['needs', 'list', ...stack, '--elder', task!.elderId, '--as', `lia-${task!.villageCode}`]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ needKey, measures: [{ state: 'referred' }] });
    const add = await cli(['needs', 'add', ...stack, '--elder', task!.elderId, '--need', needKey, '--description', '家属每周陪同洗澡', '--state', 'planned', '--by', task!.visitorId!]);
    expect(JSON.parse(add.stdout)).toMatchObject({ measure: { measureId: 'm2', state: 'planned' } });
    expect(await cli(['needs', 'move', ...stack, '--elder', task!.elderId, '--need', needKey, '--measure', 'm2', '--to', 'done', '--by', task!.visitorId!])).toMatchObject({ code: 0 });
    const stored = (await repos.needs.forElder(task!.elderId)).find((n) => n.needKey === needKey);
    expect(stored?.measures.find((m) => m.measureId === 'm2')).toMatchObject({ state: 'done' });
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Tanfang-sichuan' });
  });

  it('records a visit form from stdin against its task in the stack’s tables, at the stack’s own time', async () => {
    const task = tasks[1]!;
    const form = visitForm(task, task.visitorId!, new Date(NOW), 'home', new Random(2));
    const r = await cli(['visit', 'record', ...stack], JSON.stringify(form));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ visitId: form.visitId, stored: true, counted: true, task: { state: 'completed' } });
    expect((await repos.tasks.get(task.elderId, task.taskId))?.state).toBe('completed');
  });

  it('records and lists a leave with its cover', async () => {
    const leave = await cli(['leave', 'record', ...stack, '--visitor', 'vis-510108001001-1', '--from', '2026-11-23', '--to', '2026-11-25', '--cover', 'vis-510108001002-1', '--reason', '病假']);
    expect(leave.code).toBe(0);
    expect(JSON.parse(leave.stdout)).toMatchObject({ created: true, leave: { coverId: 'vis-510108001002-1', recordedBy: 'local-cli' } });
    expect(JSON.parse((await cli(['leave', 'list', ...stack, '--visitor', 'vis-510108001001-1'])).stdout)).toMatchObject({ from: '2026-11-23', to: '2026-11-25' });
  });

  it('declares an event, applies it, shows it and calls it off', async () => {
    const declared = await cli(['event', 'declare', ...stack, '--id', 'st-1', '--type', 'public_health', '--title', '流感', '--areas', '510108001001', '--from', '2026-11-21', '--to', '2026-11-24']);
    expect(declared.code).toBe(0);
    expect(JSON.parse(declared.stdout)).toMatchObject({ outcome: 'declared', applied: { status: 'active' } });
    expect(JSON.parse((await cli(['event', 'show', ...stack, '--id', 'st-1'])).stdout)).toMatchObject({ occasion: { kind: 'event', event: { type: 'public_health' } } });
    expect(JSON.parse((await cli(['event', 'cancel', ...stack, '--id', 'st-1'])).stdout)).toMatchObject({ outcome: 'cancelled' });
    expect(await cli(['event', 'show', ...stack, '--id', 'st-404'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no event st-404 in Tanfang-sichuan') });
  });

  it('registers and lists a device, and refuses an unsigned alarm on the deployed region', async () => {
    const task = tasks[0]!;
    const reg = await cli(['device', 'register', ...stack, '--elder', task.elderId, '--device', 'st-gas-1', '--platform', 'chenghua-care', '--kinds', 'gas', '--by', `lia-${task.villageCode}`]);
    expect(JSON.parse(reg.stdout)).toMatchObject({ created: true, device: { deviceId: 'st-gas-1' } });
    expect((await cli(['device', 'list', ...stack, '--elder', task.elderId])).stdout).toContain('st-gas-1');
    const alarm = await cli(['device', 'alarm', ...stack, '--platform', 'chenghua-care'], JSON.stringify({ deviceId: 'st-gas-1', elderId: task.elderId, kind: 'gas', at: NOW }));
    expect(alarm).toMatchObject({ code: 2, stderr: expect.stringContaining('device alarm is for local databases') });
    expect(await repos.devices.incidentsOf(task.elderId, 10)).toEqual([]);
  });

  it('draws the month’s spot check once, and prints an elder’s file, recording who read it and why', async () => {
    // November is still being visited on the 21st: the month before is the one to draw.
    expect(await cli(['spotcheck', 'draw', ...stack, '--township', '510108001', '--month', '2026-11', '--by', 'ins-510108001'])).toMatchObject({ code: 1, stderr: expect.stringContaining('draw after the month ends') });
    const draw = ['spotcheck', 'draw', ...stack, '--township', '510108001', '--month', '2026-10', '--by', 'ins-510108001', '--seed', 's'];
    expect(JSON.parse((await cli(draw)).stdout)).toMatchObject({ created: true, township: '510108001', seed: 's' });
    expect(JSON.parse((await cli(draw)).stdout)).toMatchObject({ created: false });
    const out = join(dir, 'file.json');
    const r = await cli(['archive', ...stack, '--elder', tasks[0]!.elderId, '--purpose', '季度督导检查', '--out', out, '--by', 'ins-510108001', '--quiet']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ elderId: tasks[0]!.elderId, purpose: '季度督导检查', generatedBy: 'ins-510108001', needs: [expect.objectContaining({ needId: 'n1' })] });
    expect((await repos.audit.forElder(tasks[0]!.elderId))[0]).toMatchObject({ purpose: '季度督导检查' });
  });

  it('refuses --at, --data or another --region beside --stack for every command, before anything is written (exit 2)', async () => {
    const at = ['--at', '2026-11-01T09:00:00+08:00'];
    for (const args of [
      ['needs', 'list', ...stack, '--elder', 'E000001', ...at],
      ['visit', 'record', ...stack, ...at],
      ['leave', 'record', ...stack, '--visitor', 'v', '--from', '2026-11-23', '--to', '2026-11-24', ...at],
      ['event', 'cancel', ...stack, '--id', 'st-1', ...at],
      ['device', 'retire', ...stack, '--device', 'st-gas-1', '--reason', 'x', '--by', 'lia-1', ...at],
      ['spotcheck', 'draw', ...stack, '--township', '510108001', '--month', '2026-11', '--by', 'ins-510108001', ...at],
      ['archive', ...stack, '--elder', 'E000001', '--purpose', '检查', '--out', join(dir, 'x.json'), ...at],
    ])
      expect(await cli(args, '{}'), args.slice(0, 2).join(' ')).toMatchObject({ code: 2, stderr: expect.stringContaining('--at is for local databases') });
    expect(await cli(['leave', 'list', ...stack, '--data', dir, '--visitor', 'v'])).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
    expect(await cli(['spotcheck', 'draw', ...stack, '--region', 'shanghai', '--township', '510108001', '--month', '2026-11', '--by', 'i'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not the region of --stack') });
    expect(await cli(['needs', 'list', '--data', dir, '--region', 'sichuan', '--profile', 'prod', '--elder', 'E1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--profile goes with --stack') });
  });

  it('prints an elder’s file with the closed tasks the hot table let expire, from the stack’s archive table', async () => {
    const task = tasks[1]!;
    await archiveClosedTasks({ taskArchive: repos.taskArchive, clock: new ManualClock('2026-12-02T02:30:00+08:00'), runtime: loadRegion('sichuan') }, { months: ['2026-11'] });
    await sweepExpired(db.client, db.names, Date.parse('2030-01-01T00:00:00+08:00'));
    expect(await repos.tasks.get(task.elderId, task.taskId)).toBeUndefined();
    const out = join(dir, 'expired.json');
    expect((await cli(['archive', ...stack, '--elder', task.elderId, '--purpose', '年度档案核查', '--out', out, '--quiet'])).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { routine: { visited: number } }).routine.visited).toBeGreaterThanOrEqual(1);
  });
});
