import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tanfang-reports-'));
const data = join(dir, 'db');
const at = ['--at', '2026-10-21T09:00:00+08:00'];
const base = ['--data', data, '--region', 'sichuan', ...at];

describe('tanfang report, archive and spotcheck on a local database', () => {
  let reports: { month: string; files: string[] };

  beforeAll(async () => {
    const r = await cli(['simulate', '--data', data, '--days', '20', '--elders', '40', '--seed', '5', '--outbox', join(dir, 'outbox.jsonl'), '--reports-dir', join(dir, 'reports'), '--json']);
    expect(r.code).toBe(0);
    reports = (JSON.parse(r.stdout) as { reports: typeof reports }).reports;
  }, 300_000); // a 20-day simulate: about 60 s on an idle machine, 220 s beside a bench and a kill test

  it('ends the local run by writing the month’s report as XLSX and HTML and saying where', () => {
    expect(reports.month).toBe('2026-10');
    expect(reports.files.map((f) => f.slice(-5))).toEqual(['.xlsx', '.html']);
    for (const f of reports.files) expect(existsSync(f)).toBe(true);
  });

  it('prints visit-rate rows as JSON on stdout, with area, period, tier, owed, visited and rate', async () => {
    const r = await cli(['report', 'visit-rate', ...base, '--area', '510108', '--period', '2026-10', '--by', 'tier']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { rows: Record<string, unknown>[]; total: { owed: number; visited: number } };
    expect(json.rows.length).toBeGreaterThan(0);
    for (const row of json.rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['area', 'period', 'tier', 'owed', 'visited', 'rate']));
    expect(json.rows.reduce((a, x) => a + Number(x.owed), 0)).toBe(json.total.owed);
    const csv = await cli(['report', 'visit-rate', ...base, '--area', '510108', '--period', '2026-10', '--by', 'township', '--format', 'csv']);
    expect(csv.stdout.replace(/^\ufeff/, '').split('\n')[0]).toMatch(/^area,period,tier,visitorId,owed,visited,rate,/);
  });

  it('writes the quarterly report as XLSX and the ledger statistics as JSON', async () => {
    const out = join(dir, 'q.xlsx');
    expect((await cli(['report', 'quarterly', ...base, '--area', '510108', '--period', '2026-Q4', '--format', 'xlsx', '--out', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('探访率-趋势')!.rowCount).toBe(4);
    const ledger = JSON.parse((await cli(['report', 'ledger', ...base, '--area', '510108', '--period', '2026-10'])).stdout) as { total: number };
    expect(ledger.total).toBe(40);
  });

  it('exits 1 naming the reason for an area outside the caller’s, an unknown area or a bad period; 2 for bad usage', async () => {
    expect(await cli(['report', 'visit-rate', ...base, '--area', '510109', '--period', '2026-10'])).toMatchObject({ code: 1, stderr: expect.stringContaining('does not include area 510109') });
    expect(await cli(['report', 'visit-rate', ...base, '--area', '510108077', '--period', '2026-10'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown township') });
    expect(await cli(['report', 'visit-rate', ...base, '--area', '510108001', '--period', '2026-10', '--as', 'ins-510108002'])).toMatchObject({ code: 1 });
    expect(await cli(['report', 'monthly', ...base, '--area', '510108', '--period', '2026-Q4'])).toMatchObject({ code: 1, stderr: expect.stringContaining('period: a monthly report is for a month') });
    expect((await cli(['report', 'monthly', ...base, '--area', '510108', '--period', '2026-10', '--format', 'xlsx'])).code).toBe(2);
    expect((await cli(['report', 'visit-rate', ...base, '--area', '510108', '--period', '2026-10', '--by', 'street'])).code).toBe(2);
    expect((await cli(['report', 'nothing'])).code).toBe(2);
  });

  it('prints an elder’s archive as HTML with the forms, and records who and why', async () => {
    const out = join(dir, 'a.html');
    const r = await cli(['archive', ...base, '--elder', 'E000001', '--purpose', '季度督导检查', '--out', out, '--by', 'ins-510108001']);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('特殊困难老年人信息登记表');
    expect((await cli(['archive', ...base, '--elder', 'E000001', '--purpose', 'x', '--out', out])).code).toBe(2);
    expect((await cli(['archive', ...base, '--elder', 'E000001', '--purpose', '看看', '--out', join(dir, 'a.docx')])).code).toBe(2);
    expect((await cli(['archive', ...base, '--elder', 'E000001', '--purpose', '看看', '--out', out, '--by', 'vis-510108001001-1'])).code).toBe(1);
  });

  it('draws a spot check for the township and records a call, refusing a liaison', async () => {
    const sp = ['--data', data, '--region', 'sichuan', '--township', '510108001', '--month', '2026-09', '--at', '2026-10-21T09:00:00+08:00'];
    // September had no visits yet: an empty draw is still a draw.
    const empty = await cli(['spotcheck', 'draw', ...sp, '--by', 'ins-510108001', '--seed', 'a']);
    expect(JSON.parse(empty.stdout)).toMatchObject({ created: true, candidates: 0, visits: [] });
    expect((await cli(['spotcheck', 'draw', ...sp, '--by', 'lia-510108001001'])).code).toBe(1);
    expect((await cli(['spotcheck', 'draw', ...sp])).code).toBe(2);
    const october = await cli(['spotcheck', 'draw', '--data', data, '--region', 'sichuan', '--township', '510108001', '--month', '2026-10', '--at', '2026-11-02T09:00:00+08:00', '--by', 'ins-510108001', '--seed', 'b']);
    const draw = JSON.parse(october.stdout) as { visits: { elderId: string; visitId: string; villageCode: string }[] };
    expect(draw.visits.length).toBeGreaterThan(0);
    const v = draw.visits[0]!;
    const rec = await cli([
      'spotcheck',
      'record',
      '--data',
      data,
      '--region',
      'sichuan',
      '--township',
      '510108001',
      '--month',
      '2026-10',
      '--elder',
      v.elderId,
      '--visit',
      v.visitId,
      '--result',
      'confirmed',
      '--reached',
      'family',
      '--by',
      'ins-510108001',
      '--at',
      '2026-11-02T10:00:00+08:00',
    ]);
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.stdout)).toMatchObject({ result: 'confirmed', by: 'ins-510108001', verdict: 'genuine' });
  });
});
