import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { cli } from '../helpers/cli';
import { UNEVENTFUL_FINDINGS } from '../helpers/visit-form';
import { smsMessage } from '../helpers/sms';

const dir = mkdtempSync(join(tmpdir(), 'tanfang-cli-'));
const data = join(dir, 'db');

describe('CLI on a local database', () => {
  let summary: {
    ledger: { elders: number; townships: number; villages: number; visitors: number };
    sms: { sent: number; segmentsSent: number; maxDigestsPerVisitorPerDay: number; maxToOnePhonePerDay: number; byTemplate: Record<string, { count: number; segments: number }> };
    escalation: { byLevel: Record<string, number> };
    smsBack: {
      deliveries: { delivered: number; failed: number; awaiting: number; byTemplate: Record<string, { sent: number; delivered: number; failed: number; awaiting: number }>; receiptsFile: string };
      replies: { received: number; digestsAcknowledged: number; familyConfirmations: number; ignored: Record<string, number> };
    };
    care: {
      needs: { found: number; referred: number; referralsFollowedUp: number };
      followUps: { byCause: Record<string, number>; example?: { followedUpBy: string } };
      devices: { registered: number; alarms: number; incidents: number; merged: number; urgentSms: number };
    };
    people: { leave: { visitorId: string; coverId: string; tasksToCoverAtOnce: number; tasksHandedBack: number } | null; move: { fromVillage: string; toVillage: string; tasksFollowed: number; newVisitorId?: string } | null };
  };

  beforeAll(async () => {
    const r = await cli(['simulate', '--data', data, '--days', '20', '--elders', '60', '--seed', '3', '--outbox', join(dir, 'outbox.jsonl'), '--json']);
    expect(r.code).toBe(0);
    summary = JSON.parse(r.stdout);
  }, 600_000); // a 20-day simulation, its generation and hourly escalation fanned out over the local jobs queue (~30,000 worker invocations); on a loaded 2-core machine it has taken over four minutes

  it('shows a visitor on leave with a cover and an elder who moves in its summary', () => {
    const { leave, move } = summary.people;
    expect(leave).toMatchObject({ visitorId: expect.stringMatching(/^vis-/), coverId: expect.stringMatching(/^vis-/) });
    expect(leave!.tasksToCoverAtOnce).toBeGreaterThan(0);
    expect(leave!.tasksHandedBack).toBeGreaterThan(0);
    expect(move).toMatchObject({ newVisitorId: `vis-${move!.toVillage}-1` });
    expect(move!.fromVillage).not.toBe(move!.toVillage);
    expect(move!.tasksFollowed).toBeGreaterThan(0);
    expect(summary.sms.byTemplate).toHaveProperty('leave_cover');
  });

  it('simulates the ledger it was asked for and keeps the one-digest-a-day rule', () => {
    expect(summary.ledger).toMatchObject({ elders: 60, townships: 3 });
    expect(summary.ledger.villages).toBeGreaterThanOrEqual(10);
    expect(summary.sms.maxDigestsPerVisitorPerDay).toBe(1);
    expect(summary.escalation.byLevel['1']).toBeGreaterThan(0);
  });

  it('shows a referral followed up by the township and a device alarm raised once, its repeats merged', () => {
    const { needs, followUps, devices } = summary.care;
    expect(needs.found).toBeGreaterThan(0);
    expect(needs.referralsFollowedUp).toBeGreaterThan(0);
    expect(followUps.example?.followedUpBy).toMatch(/^ins-/);
    expect(followUps.byCause).toMatchObject({ device_alarm: 1, emergency: 1 });
    expect(devices).toMatchObject({ registered: 8, alarms: 3, incidents: 1, merged: 2 });
    expect(devices.urgentSms).toBeGreaterThanOrEqual(3);
    expect(summary.sms.byTemplate.device_alarm_staff!.count).toBe(2);
  });

  it('reports SMS by template and the most any phone got in a day, within the per-phone limit', () => {
    const rows = Object.values(summary.sms.byTemplate);
    expect(rows.reduce((a, r) => a + r.count, 0)).toBe(summary.sms.sent);
    expect(rows.reduce((a, r) => a + r.segments, 0)).toBe(summary.sms.segmentsSent);
    expect(summary.sms.byTemplate.assignment_digest!.count).toBeGreaterThan(0);
    expect(summary.sms.maxToOnePhonePerDay).toBeGreaterThan(0);
    expect(summary.sms.maxToOnePhonePerDay).toBeLessThanOrEqual(10);
  });

  it('writes each SMS to the outbox file with its template and parameters beside the text', () => {
    const lines = readFileSync(join(dir, 'outbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { template: string; params: Record<string, string>; text: string; to: string });
    expect(lines).toHaveLength(summary.sms.sent);
    for (const line of lines) {
      expect(typeof line.template).toBe('string');
      for (const value of Object.values(line.params)) expect(line.text).toContain(value);
      expect(line.to).toMatch(/^\+86 1\d\d\*{4}\d{4}$/);
    }
  });

  it('lists a visitor’s open tasks and lets the village liaison acknowledge one, but not a visitor', async () => {
    const list = await cli(['task', 'list', '--data', data, '--visitor', 'vis-510108001001-1']);
    const [first] = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { task: string; village: string });
    expect(first?.task).toMatch(/^E\d{6}#/);
    const ack = await cli(['task', 'ack', '--data', data, '--region', 'sichuan', '--task', first!.task, '--by', 'lia-510108001001', '--hours', '12', '--at', '2026-11-21T09:00:00+08:00']);
    expect(ack.code).toBe(0);
    expect(JSON.parse(ack.stdout)).toMatchObject({ escalation: { acknowledged: { by: 'lia-510108001001', until: '2026-11-21T21:00:00+08:00' } } });
    const refused = await cli(['task', 'ack', '--data', data, '--region', 'sichuan', '--task', first!.task, '--by', 'vis-510108001001-2']);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a supervisor') });
  });

  it('records a visit from stdin and names every bad field of a bad one', async () => {
    const list = await cli(['task', 'list', '--data', data, '--visitor', 'vis-510108001001-1']);
    const task = (JSON.parse(list.stdout.trim().split('\n').at(-1)!) as { task: string }).task;
    const [elderId, ...rest] = task.split('#');
    const form = {
      visitId: 'cli-visit-1',
      elderId,
      taskId: rest.join('#'),
      visitorId: 'vis-510108001001-1',
      visitedAt: '2026-11-21T10:00:00+08:00',
      method: 'home',
      ...UNEVENTFUL_FINDINGS,
      mood: 'better',
    };
    const ok = await cli(['visit', 'record', '--data', data, '--region', 'sichuan', '--at', '2026-11-21T10:05:00+08:00'], JSON.stringify(form));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ visitId: 'cli-visit-1', stored: true, counted: true });
    const bad = await cli(['visit', 'record', '--data', data, '--region', 'sichuan'], JSON.stringify({ ...form, visitId: 'cli-visit-2', mood: 'happy', household: { change: 'increase' } }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('mood: Invalid option');
    expect(bad.stderr).toContain('household.count: count is required when the household grew or shrank');
  });

  it('explains a missing --data folder and a malformed --task', async () => {
    expect(await cli(['task', 'list', '--visitor', 'v'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--data <dir> is required') });
    expect(await cli(['task', 'show', '--data', data, '--task', 'nohash'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--task must be elderId#taskId') });
  });
  it('ingests a CAP warning once, applies it, and shows its counters', async () => {
    const file = join(import.meta.dirname, '../fixtures/alerts/heat-red-alert.xml');
    const at = '2026-07-20T10:05:00+08:00';
    const first = await cli(['alert', 'ingest', '--data', data, '--region', 'sichuan', '--at', at, file]);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as { outcome: string; occasionId: string; applied: { tasksCreated: number; elders: number; visitorNotices: number } };
    expect(result).toMatchObject({ outcome: 'accepted', occasionId: 'alert:51010841600000_20260720100000' });
    expect(result.applied.tasksCreated).toBe(result.applied.elders);
    expect(result.applied.visitorNotices).toBeGreaterThan(0);
    const again = await cli(['alert', 'ingest', '--data', data, '--region', 'sichuan', '--at', at, file]);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'duplicate', apply: false });
    const show = await cli(['alert', 'show', '--data', data, '--id', result.occasionId]);
    expect(JSON.parse(show.stdout)).toMatchObject({ occasion: { kind: 'alert', status: 'active', alert: { event: 'heat', level: 'red' } }, stats: { tasksCreated: result.applied.tasksCreated } });
    const bad = await cli(['alert', 'ingest', '--data', data, '--region', 'sichuan'], '{"identifier":"x"}');
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/weather alert is invalid: sender: /) });
  });

  it('lists SMS that failed on an invalid number with the phone masked, and clears one once the ledger is fixed', async () => {
    const db = await startEmbeddedDynamo({ path: data });
    try {
      const { outbox } = dynamoRepositories(db.client, db.names);
      await outbox.enqueue(smsMessage('bad#1', 'assignment_digest', { recipientId: 'vis-510108001001-1', phone: '+8613812345678' }));
      await outbox.claim('bad#1', '2026-11-21T08:10:00+08:00');
      await outbox.markInvalidNumber('bad#1', 'isv.MOBILE_NUMBER_ILLEGAL', '2026-11-21T08:10:00+08:00');
    } finally {
      await db.close();
    }
    const list = await cli(['sms', 'invalid-numbers', '--data', data]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout.trim())).toMatchObject({ messageId: 'bad#1', recipientId: 'vis-510108001001-1', phone: '+86 138****5678', detail: 'invalid number: isv.MOBILE_NUMBER_ILLEGAL' });
    expect(list.stdout).not.toContain('13812345678');
    expect(await cli(['sms', 'invalid-numbers', '--data', data, '--clear', 'bad#1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--by is required') });
    // Only a supervisor whose area holds the recipient may clear it: not the visitor, not another village's liaison.
    expect(await cli(['sms', 'invalid-numbers', '--data', data, '--clear', 'bad#1', '--by', 'vis-510108001001-2'])).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a supervisor') });
    expect(await cli(['sms', 'invalid-numbers', '--data', data, '--clear', 'bad#1', '--by', 'lia-510108001002'])).toMatchObject({ code: 1, stderr: expect.stringContaining('does not include village 510108001001') });
    expect(await cli(['sms', 'invalid-numbers', '--data', data, '--clear', 'bad#1', '--by', 'lia-510108001001'])).toMatchObject({ code: 0 });
    expect(await cli(['sms', 'invalid-numbers', '--data', data, '--clear', 'bad#1', '--by', 'lia-510108001001'])).toMatchObject({ code: 1, stderr: expect.stringContaining('bad#1 is not on the invalid-number list') });
    expect(await cli(['sms', 'invalid-numbers', '--data', data, '--clear', 'nothing#1', '--by', 'lia-510108001001'])).toMatchObject({ code: 1, stderr: expect.stringContaining('messageId: no SMS nothing#1 in the outbox') });
    expect((await cli(['sms', 'invalid-numbers', '--data', data])).stdout).toBe('');
    expect(await cli(['sms', 'invalid-numbers', '--data', data, '--limit', '0'])).toMatchObject({ code: 2 });
  });

  it('feeds the local gateway’s receipts through the receipt use case and reports deliveries by template', () => {
    const back = summary.smsBack.deliveries;
    expect(back.delivered).toBeGreaterThan(0);
    for (const row of Object.values(back.byTemplate)) expect(row.delivered + row.failed + row.awaiting).toBe(row.sent);
    expect(Object.values(back.byTemplate).reduce((a, r) => a + r.sent, 0)).toBe(summary.sms.sent);
    const receipts = readFileSync(back.receiptsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { phone: string; delivered: boolean });
    expect(receipts).toHaveLength(back.delivered + back.failed);
    for (const r of receipts) expect(r.phone).toMatch(/^\+86 1\d\d\*{4}\d{4}$/);
    expect(summary.smsBack.replies.received).toBeGreaterThan(0);
    expect(summary.smsBack.replies.digestsAcknowledged).toBeGreaterThan(0);
  });

  it('takes a reply 1 from a liaison’s phone and acknowledges the last digest it was sent; ignores a stranger; names a bad number', async () => {
    const db = await startEmbeddedDynamo({ path: data });
    let liaison: { personId: string; phone: string } | undefined;
    let sentAt = '';
    try {
      const repos = dynamoRepositories(db.client, db.names);
      for (const person of await repos.people.inArea('510108001001')) {
        const target = person.phone && person.roles.includes('liaison') ? await repos.replyTargets.latest(person.phone, 'escalation') : undefined;
        if (target) [liaison, sentAt] = [{ personId: person.personId, phone: person.phone! }, target.sentAt];
      }
    } finally {
      await db.close();
    }
    expect(liaison).toBeDefined();
    const at = new Date(Date.parse(sentAt) + 600_000).toISOString();
    const reply = await cli(['sms', 'reply', '--data', data, '--from', liaison!.phone.slice(3), '--text', '1', '--at', at]);
    expect(reply.code).toBe(0);
    expect(JSON.parse(reply.stdout)).toMatchObject({ digestsAcknowledged: 1, outcome: expect.stringContaining(`as ${liaison!.personId}`) });
    expect(JSON.parse((await cli(['sms', 'reply', '--data', data, '--from', '13000000009', '--text', '1', '--at', at])).stdout)).toMatchObject({ ignored: { no_target: 1 } });
    expect(await cli(['sms', 'reply', '--data', data, '--from', '12345', '--text', '1'])).toMatchObject({ code: 1, stderr: expect.stringContaining('from: "*2345" is not a valid Chinese phone number') });
    expect(await cli(['sms', 'reply', '--data', data, '--from', '13800000000'])).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--text <text>' not specified") });
  });

  it('lists what a person got and its delivery for a supervisor of their area only', async () => {
    const rows = await cli(['sms', 'deliveries', '--data', data, '--person', 'lia-510108001001', '--by', 'ins-510108001', '--limit', '3']);
    expect(rows.code).toBe(0);
    const lines = rows.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { delivery: string; phone: string; createdAt: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines.map((l) => l.createdAt)).toEqual([...lines.map((l) => l.createdAt)].sort().reverse());
    for (const l of lines) expect(['delivered', 'failed', 'awaiting', 'not_sent']).toContain(l.delivery);
    expect(await cli(['sms', 'deliveries', '--data', data, '--person', 'lia-510108001001', '--by', 'vis-510108001001-1'])).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a supervisor') });
    expect(await cli(['sms', 'deliveries', '--data', data, '--person', 'lia-510108001001', '--by', 'ins-510108002'])).toMatchObject({ code: 1, stderr: expect.stringContaining('does not include') });
    expect(await cli(['sms', 'deliveries', '--data', data, '--person', 'x', '--elder', 'y', '--by', 'ins-510108001'])).toMatchObject({ code: 2 });
    expect(await cli(['sms', 'deliveries', '--data', data, '--elder', 'E404', '--by', 'ins-510108001'])).toMatchObject({ code: 1, stderr: expect.stringContaining('no elder E404 in the ledger') });
  });

  it('prints the callback URLs with the data folder’s own token, kept in a file only its owner reads', async () => {
    const first = await cli(['sms', 'callback-url', '--data', data, '--region', 'sichuan']);
    expect(first.code).toBe(0);
    const urls = first.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { provider: string; route: string; url: string });
    expect(urls.map((u) => [u.provider, u.route])).toEqual([
      ['aliyun', 'receipts'],
      ['aliyun', 'replies'],
    ]);
    expect(urls[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/sms\/aliyun\/[A-Za-z0-9]{48}\/receipts$/);
    expect(statSync(join(data, 'sms-callback-token')).mode & 0o777).toBe(0o600);
    expect((await cli(['sms', 'callback-url', '--data', data, '--region', 'sichuan'])).stdout).toBe(first.stdout);
  });

  it('records a leave with a cover, moves a visitor’s tasks and declares an event; every refusal has a 说明 line in Chinese', async () => {
    const at = ['--at', '2026-10-21T09:00:00+08:00'];
    const base = ['--data', data, '--region', 'sichuan', ...at];
    const leave = await cli(['leave', 'record', ...base, '--visitor', 'vis-510108001001-1', '--from', '2026-10-21', '--to', '2026-10-25', '--cover', 'vis-510108001002-1', '--reason', '病假']);
    expect(leave.code).toBe(0);
    expect(JSON.parse(leave.stdout)).toMatchObject({ created: true, leave: { coverId: 'vis-510108001002-1', recordedBy: 'local-cli' } });
    expect(JSON.parse((await cli(['leave', 'list', '--data', data, '--visitor', 'vis-510108001001-1'])).stdout)).toMatchObject({ from: '2026-10-21', to: '2026-10-25' });

    const reversed = await cli(['leave', 'record', ...base, '--visitor', 'vis-510108001001-2', '--from', '2026-10-25', '--to', '2026-10-21']);
    expect(reversed).toMatchObject({ code: 1, stderr: expect.stringContaining('说明：输入有误：to：结束日期不能早于开始日期（2026-10-25）') });
    const farCover = await cli(['task', 'move', ...base, '--from', 'vis-510108001001-2', '--to', 'vis-510108002001-1', '--by', 'ins-510108001', '--reason', '调岗']);
    expect(farCover).toMatchObject({ code: 1, stderr: expect.stringMatching(/说明：输入有误：toVisitorId：代班人员vis-510108002001-1的服务区域510108002001不包含/) });
    const outside = await cli(['task', 'move', ...base, '--from', 'vis-510108001001-2', '--to', 'vis-510108001002-2', '--by', 'lia-510108002001', '--reason', '调岗']);
    expect(outside).toMatchObject({ code: 1, stderr: expect.stringContaining('说明：没有权限：督导区域510108002001不包含510108001001') });
    const moved = await cli(['task', 'move', ...base, '--from', 'vis-510108001001-2', '--to', 'vis-510108001002-2', '--by', 'ins-510108001', '--reason', '调岗']);
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ skipped: [], moveId: 'move#vis-510108001001-2#vis-510108001002-2#2026-10-21' });

    const event = ['event', 'declare', ...base, '--id', 'ch-1', '--type', 'epidemic_lockdown', '--title', '天鹅村封控', '--from', '2026-10-21', '--to', '2026-10-24', '--suspend-home-visits'];
    const far = await cli([...event, '--areas', '510108001001,440305001001']);
    expect(far).toMatchObject({ code: 1, stderr: expect.stringContaining('areaCodes.1：区划440305001001不在本部署的服务范围内') });
    const declared = await cli([...event, '--areas', '510108001001']);
    expect(declared.code).toBe(0);
    expect(JSON.parse(declared.stdout)).toMatchObject({ outcome: 'declared', applied: { status: 'active', tasksCreated: expect.any(Number) } });
    expect(JSON.parse(declared.stdout).applied.tasksCreated).toBeGreaterThan(0);
    expect(JSON.parse((await cli(['event', 'show', '--data', data, '--id', 'ch-1'])).stdout)).toMatchObject({ occasion: { kind: 'event', event: { type: 'epidemic_lockdown' } } });
    expect(JSON.parse((await cli(['event', 'cancel', ...base, '--id', 'ch-1'])).stdout)).toMatchObject({ outcome: 'cancelled' });

    const usage = await cli(['leave', 'record', ...base]);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('说明：命令用法有误') });
    const unknownCommand = await cli(['holiday']);
    expect(unknownCommand).toMatchObject({ code: 2, stderr: expect.stringContaining('说明：没有“holiday”这个命令') });
    const badAlert = await cli(['alert', 'ingest', '--data', data, '--region', 'sichuan'], '{"identifier":"x"}');
    expect(badAlert.stderr).toMatch(/说明：输入有误：sender：必填/);
  });

  it('writes the ledger import report with each rule’s code and its Chinese 说明', async () => {
    const csv = join(dir, 'bad-ledger.csv');
    const report = join(dir, 'bad-ledger-report.csv');
    const { LEDGER_COLUMNS } = await import('../../shared/domain/ledger/columns');
    const headers = LEDGER_COLUMNS.map((c) => c.header);
    const row = (over: Record<string, string>) => headers.map((h) => over[h] ?? '');
    const rows = [
      row({
        姓名: '张三',
        性别: '男',
        公民身份号码: '110105194912310020',
        '居住地村(社区)代码': '440305001001',
        '村(社区)': '某村',
        家庭住址: '某路1号',
        对象类型: '独居、贫困',
        紧急联系人: '李四/儿子/13800000000',
        第一探访联系人: '李四/子女/13900000000',
        是否居住在户籍地: '也许',
      }),
      row({ 姓名: '', 性别: '未知', 公民身份号码: '12345', 对象类型: '独居' }),
    ];
    writeFileSync(csv, [headers, ...rows].map((r) => r.join(',')).join('\n'));
    const r = await cli(['ledger', 'import', csv, '--data', data, '--region', 'sichuan', '--report', report, '--at', '2026-10-21T09:00:00+08:00']);
    expect(r.code).toBe(1);
    const lines = readFileSync(report, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('行号,列,问题,说明,代码');
    expect(lines.length).toBeGreaterThan(4);
    const { parse } = await import('csv-parse/sync');
    const cells = (parse(lines.slice(1).join('\n')) as string[][]).map(([row, column, rule, message, code]) => ({ row, column, rule, message, code }));
    expect(cells.filter((c) => !/[\u4e00-\u9fff]/.test(c.message ?? '') || c.code === 'untranslated')).toEqual([]);
  });
});
