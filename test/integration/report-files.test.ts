import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elderArchive } from '../../shared/app/archive';
import { periodReportFor } from '../../shared/app/reports';
import { archiveHtml } from '../../shared/adapters/archive/archive-html';
import { htmlToPdf } from '../../shared/adapters/archive/pdf';
import { reportHtml } from '../../shared/adapters/report-files/html';
import { periodSpec } from '../../shared/adapters/report-files/specs';
import { reportWorkbook } from '../../shared/adapters/report-files/xlsx';
import type { PeriodReport } from '../../shared/domain/reports/period-report';
import type { Task } from '../../shared/domain/task/task';
import { CHROMIUM_ARGS, chromiumPath } from '../browser/chromium';
import { runDays } from '../helpers/month';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

let world: World;
let report: PeriodReport;
let tasks: Task[];
let elderIds: string[];
let browser: Browser;
const admin = { personId: 'local-cli', roles: ['admin' as const], areaCode: '510108', active: true };

/** Per township, the November figures counted from every task of every elder by its state (not through the index or the outcomes). */
function byTownship(): Map<string, { owed: number; visited: number }> {
  const out = new Map<string, { owed: number; visited: number }>();
  for (const t of tasks) {
    if (t.kind !== 'routine' || t.end < '2026-11-01' || t.end > '2026-11-30' || (t.state === 'cancelled' && !t.outcome)) continue;
    const row = out.get(t.townshipCode) ?? { owed: 0, visited: 0 };
    row.owed++;
    if (t.state === 'completed' && !t.late) row.visited++;
    out.set(t.townshipCode, row);
  }
  return out;
}

beforeAll(async () => {
  world = await newWorld('sichuan', '2026-10-31T20:00:00+08:00');
  const ledger = await loadLedger(world, { elders: 36, asOf: '2026-11-01', seed: 11 });
  elderIds = ledger.registrations.map((r) => r.id!);
  await runDays(world, '2026-11-01', '2026-12-01', { share: 0.75, lateShare: 0.15, seed: 'files' });
  tasks = (await Promise.all(elderIds.map((id) => world.repos.tasks.forElder(id)))).flat();
  report = await periodReportFor({ ...world.repos, clock: world.clock, runtime: world.runtime }, { principal: admin, area: '510108', period: '2026-11', kind: 'monthly' });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopDynamo();
});

describe('The monthly report as XLSX', () => {
  it('reads back with exceljs: every township figure equals the count by task state, with Chinese headers and the chart picture', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportWorkbook(periodSpec(report))) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '探访率-合计', '探访率-乡镇', '探访率-分级', '探访率-乡镇分级', '探访率-趋势', '未达标明细', '特殊时间节点', '应急与跟踪回访', '逾期上报', '虚假探访核查', '台账统计']);
    expect(wb.getWorksheet('说明')!.getImages()).toHaveLength(2);
    const sheet = wb.getWorksheet('探访率-乡镇')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 9)).toEqual(['区域代码', '周期', '对象分级', '探访人员', '应探访(次)', '按期探访(次)', '探访率', '目标', '差额(次)']);
    const expected = byTownship();
    const read = new Map<string, { owed: number; visited: number; rate: number }>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      read.set(String(v[1]), { owed: Number(v[5]), visited: Number(v[6]), rate: Number(v[7]) });
    });
    expect(read.size).toBe(expected.size);
    for (const [township, e] of expected) {
      expect(read.get(township)).toMatchObject(e);
      expect(read.get(township)!.rate).toBeCloseTo(e.visited / e.owed, 10);
    }
    expect(sheet.getColumn(7).numFmt).toBe('0.0%');
    const shortfalls = wb.getWorksheet('未达标明细')!.rowCount - 1;
    expect(shortfalls).toBe([...expected.values()].reduce((a, e) => a + e.owed - e.visited, 0));
    const ledger = wb.getWorksheet('台账统计')!;
    expect(ledger.getRow(2).values).toEqual([undefined, '合计', '在册对象总数', elderIds.length]);
  });
});

describe('The monthly report as a self-contained HTML page', () => {
  it('renders in headless Chromium with charts holding the figures, and sends no request at all', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/*', (route) => route.abort());
    await page.setContent(reportHtml(periodSpec(report)), { waitUntil: 'load' });
    const bars = (await page.evaluate(`echarts.getInstanceByDom(document.getElementById('chart0')).getOption().series[0].data`)) as (number | null)[];
    const expected = [...byTownship().entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, e]) => Math.round((e.visited / e.owed) * 1000) / 10);
    expect(bars).toEqual(expected);
    const trend = (await page.evaluate(`echarts.getInstanceByDom(document.getElementById('chart1')).getOption().xAxis[0].data`)) as string[];
    expect(trend).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(await page.locator('svg, canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('h2').allTextContents()).toContain('探访率-乡镇');
    expect(requests).toEqual([]);
    await page.close();
  });
});

describe('The archive as a printable A4 document', () => {
  it('prints the registration form and every visit record to a PDF with the Chinese font embedded', async () => {
    const elderId = tasks.find((t) => t.visitId)!.elderId;
    const archive = await elderArchive({ ...world.repos, clock: world.clock, runtime: world.runtime }, { principal: admin, elderId, purpose: '测试打印', requestId: 'test' });
    const html = archiveHtml(archive);
    expect(html.match(/探访关爱服务记录表<\/h1>/g)).toHaveLength(archive.visits.length);
    const pdf = await htmlToPdf(html);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toContain('NotoSansHans');
    expect((text.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(1 + archive.visits.length);
  });

  it('escapes what people typed: a name with markup prints as text', async () => {
    const elderId = tasks[0]!.elderId;
    const archive = await elderArchive({ ...world.repos, clock: world.clock, runtime: world.runtime }, { principal: admin, elderId, purpose: '测试', requestId: 'test' });
    const html = archiveHtml({ ...archive, registration: { ...archive.registration, name: '<script>alert(1)</script>' } });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
