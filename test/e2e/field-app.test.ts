/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';
import { stopDynamo } from '../helpers/world';
import { CHROMIUM_ARGS, chromiumPath } from '../browser/chromium';
import { buildFieldApp, fieldWorld, SCREENSHOTS } from './field-world';

type FieldWorld = Awaited<ReturnType<typeof fieldWorld>>;

const VISITOR = 'vis-510108001001-1';
const INSTRUCTOR = 'ins-510108001';
/** An iPhone-sized phone; the elders of the synthetic ledger live around Chengdu. */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

let fw: FieldWorld;
let browser: Browser;
const outside: string[] = [];
const cspViolations: string[] = [];

async function phone(extra: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, ...extra });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  // No request may leave the origin (fonts and icons are bundled).
  page.on('request', (r) => {
    if (!r.url().startsWith(fw.server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url());
  });
  return { context, page };
}

/** The machine is shared: give the page time. */
const SLOW = { timeout: 20_000 };

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await buildFieldApp();
  fw = await fieldWorld();
  browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await fw?.server.close();
  await stopDynamo();
});

describe('the field app in headless Chromium against tanfang serve', () => {
  it('a visitor signs in, records a home visit with a faked location, records another offline, and the queue sends it exactly once', async () => {
    const { context, page } = await phone({ geolocation: { latitude: 30.66, longitude: 104.1, accuracy: 12 }, permissions: ['geolocation'] });
    await page.goto(await fw.signInLink(VISITOR));
    const tasks = page.locator('[data-test=task]');
    await expect.poll(() => tasks.count(), SLOW).toBeGreaterThanOrEqual(2);
    expect(page.url()).not.toContain('token=');
    await shot(page, '01-visitor-tasks');

    const today = (await fw.world.repos.tasks.openForVisitor(VISITOR)).filter((t) => t.start <= '2026-11-20' && t.dueAt >= '2026-11-20');
    const [first, second] = [today[0]!, today[1]!];
    await tasks.filter({ hasText: first.maskedName }).first().click();
    await page.locator('[data-test=elder-card]').waitFor();
    await expect.poll(() => page.locator('[data-test=emergency-contact]').count(), SLOW).toBeGreaterThan(0);
    expect(await page.locator('a[data-test=emergency-contact]').first().getAttribute('href')).toMatch(/^tel:\+?\d+/);
    await shot(page, '02-elder-card');

    await page.click('[data-test=start-visit]');
    await page.click('[data-test=check-in]');
    await page.locator('[data-test=location]').waitFor();
    expect(await page.locator('[data-test=location]').textContent()).toContain('±12');
    await page.click('[data-test=check-out]');
    await page.click('[data-test=signed-visitor]');
    await page.click('[data-test=signed-elder]');
    await shot(page, '03-visit-form');
    await page.click('[data-test=save-visit]');
    await page.locator('[data-test=visit-result]').waitFor();
    // Checked in and out within the same minute (the server's clock stands still here): flagged, shown plainly, never refused.
    expect(await page.locator('[data-test=flag][data-kind=too_short]').textContent()).toContain('入户时间不足10分钟');
    await shot(page, '04-visit-saved-flags');
    const stored = await fw.world.repos.visits.forElder(first.elderId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ method: 'home', location: { lat: 30.66, lng: 104.1, accuracyMeters: 12 }, signatures: { visitor: true, elder: true } });

    // The service worker holds the app shell from now on.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, SLOW);
    // No signal: the second visit waits on the phone. (Once the list is up the app fetches the visit screens, so they open offline.)
    await page.click('[data-test=back-to-tasks]');
    await page.waitForFunction(() => ['ElderCard', 'VisitRecord', 'Queue'].every((name) => performance.getEntriesByType('resource').some((e) => e.name.includes(`/assets/${name}-`))));
    await context.setOffline(true);
    await tasks.filter({ hasText: second.maskedName }).first().click();
    await page.click('[data-test=start-visit]');
    await page.click('[data-test=check-in]');
    await page.click('[data-test=check-out]');
    await page.click('[data-test=signed-visitor]');
    await page.click('[data-test=save-visit]');
    await page.locator('[data-test=saved-offline]').waitFor();
    await page.evaluate(() => (location.hash = '#/queue'));
    await page.locator('[data-test=queued-visit] [data-state=queued]').waitFor();
    await shot(page, '05-offline-queue');
    expect(await fw.world.repos.visits.forElder(second.elderId)).toHaveLength(0);
    // Reloading without signal still opens the app (service worker) with the visit still queued.
    await page.reload();
    await page.locator('[data-test=queued-visit] [data-state=queued]').waitFor();

    // Signal again: the queue sends it by itself, once (on the online event or, as here after a reload, its 15 s retry).
    await context.setOffline(false);
    await expect.poll(async () => (await fw.world.repos.visits.forElder(second.elderId)).length, { timeout: 40_000 }).toBe(1);
    await page.evaluate(() => (location.hash = '#/tasks'));
    await page.evaluate(() => (location.hash = '#/queue'));
    await expect.poll(() => page.locator('[data-test=queued-visit] [data-state=sent]').count(), SLOW).toBe(2);
    await page.click('[data-test=send-now]');
    expect(await fw.world.repos.visits.forElder(second.elderId)).toHaveLength(1);
    expect((await fw.world.repos.tasks.get(second.elderId, second.taskId))?.state).toBe('completed');

    // 大字模式
    await page.click('[data-test=large-text]');
    expect(await page.evaluate(() => document.documentElement.classList.contains('large-text'))).toBe(true);
    await page.evaluate(() => (location.hash = '#/tasks'));
    await tasks.first().waitFor();
    await shot(page, '06-visitor-large-text');
    await context.close();
  }, 120_000);

  it('a supervisor acknowledges one escalation, reassigns another to a visitor of the area, and confirms a flagged visit', async () => {
    const { context, page } = await phone();
    await page.goto(await fw.signInLink(INSTRUCTOR));
    const rows = page.locator('[data-test=escalation]');
    await expect.poll(() => rows.count(), SLOW).toBeGreaterThanOrEqual(2);
    await shot(page, '07-supervisor-inbox');
    const page1 = (await (await fetch(`${fw.server.url}/escalations?limit=200`, { headers: { authorization: `Bearer ${await fw.token(INSTRUCTOR)}` } })).json()) as {
      escalations: { elderId: string; taskId: string; maskedName: string; villageName: string; level: number; daysOverdue: number }[];
    };
    const shown = [...page1.escalations].sort((a, b) => b.level - a.level || b.daysOverdue - a.daysOverdue);
    const [acked, moved] = [shown[0]!, shown[1]!];

    await page.locator('[data-test=ack]').first().click();
    await expect.poll(async () => (await fw.world.repos.tasks.get(acked.elderId, acked.taskId))?.escalation?.acknowledged?.by, SLOW).toBe(INSTRUCTOR);
    await page.locator('[data-test=acknowledged]').first().waitFor();

    const previousVisitor = (await fw.world.repos.tasks.get(moved.elderId, moved.taskId))!.visitorId;
    await page.locator('[data-test=reassign]').nth(1).click();
    await page.locator('[data-test=action-sheet]').waitFor();
    await page.fill('[data-test=reason] input', '原探访人员生病');
    await shot(page, '08-supervisor-reassign');
    await page.click('[data-test=confirm-action]');
    await expect.poll(async () => (await fw.world.repos.tasks.get(moved.elderId, moved.taskId))?.visitorId, SLOW).not.toBe(previousVisitor);
    const after = await fw.world.repos.tasks.get(moved.elderId, moved.taskId);
    expect(after?.history.at(-1)).toMatchObject({ event: 'reassign', by: INSTRUCTOR, detail: expect.stringContaining('原探访人员生病') });

    await page.locator('.van-toast').waitFor({ state: 'hidden' });
    await page.evaluate(() => (location.hash = '#/rates'));
    await page.locator('[data-test=rates-table] tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-test=rates-chart] canvas') !== null);
    await shot(page, '09-supervisor-rates');
    // The visitor's first visit was flagged (checked in and out in the same minute): confirm it genuine.
    await page.evaluate(() => (location.hash = '#/reviews'));
    const flagged = page.locator('[data-test=flagged-visit]');
    await flagged.first().waitFor();
    await shot(page, '10-supervisor-reviews');
    const reviews = async () =>
      ((await (await fetch(`${fw.server.url}/reviews/visits?areaCode=510108001`, { headers: { authorization: `Bearer ${await fw.token(INSTRUCTOR)}` } })).json()) as { visits: { visitId: string }[] }).visits.map((v) => v.visitId);
    const before = await reviews();
    expect(before.length).toBeGreaterThan(0);
    await flagged.first().locator('[data-test=genuine]').click();
    await expect.poll(async () => (await reviews()).length, SLOW).toBe(before.length - 1);
    await context.close();
  }, 120_000);

  it('an administrator uploads a ledger with a bad row and sees the row report', async () => {
    const regs = syntheticLedger({ runtime: fw.world.runtime, seed: 91, elders: 3, asOf: '2026-11-01' }).registrations;
    const rows = regs.map((r) => ['', ...registrationToRow(elderRegistrationSchema.parse(r)).slice(1)]);
    rows[1]![3] = '510108194611230021';
    const csv = [LEDGER_COLUMNS.map((c) => c.header), ...rows].map((r) => r.join(',')).join('\n');
    const { context, page } = await phone();
    await page.goto(await fw.signInLink('admin-1'));
    await page.locator('[data-test=ledger-file]').waitFor();
    await page.setInputFiles('[data-test=ledger-file]', { name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-test=upload]');
    await page.locator('[data-test=row-report]').waitFor();
    expect(await page.locator('[data-test=row-report] tbody tr').first().textContent()).toContain('公民身份号码');
    expect(await page.locator('[data-test=bad-rows]').textContent()).toContain('1');
    await shot(page, '11-admin-ledger-report');
    await page.evaluate(() => (location.hash = '#/admin/people'));
    await page.locator('[data-test=people]').waitFor();
    await shot(page, '12-admin-people');
    await context.close();
  }, 120_000);

  it("ships the visitor's first screen in under 200 KB of compressed JavaScript and works on a throttled 3G profile", async () => {
    // A first visit: no service worker yet (CDP throttles the page, not a worker, which would flatter the figures).
    const { context, page } = await phone({ serviceWorkers: 'block' });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // Chrome DevTools' "Fast 3G" (Lighthouse's mobile 3G): 562.5 ms round trips, 1.6 Mbps down, 750 kbps up.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8, uploadThroughput: (750 * 1024 * 0.9) / 8 });
    const started = performance.now();
    await page.goto(await fw.signInLink(VISITOR));
    await page.locator('[data-test=task]').first().waitFor({ timeout: 60_000 });
    const seconds = (performance.now() - started) / 1000;
    const js = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => /\.js(\?|$)/.test(e.name)).reduce((sum, e) => sum + e.encodedBodySize, 0));
    console.log(`visitor's first screen: ${(js / 1024).toFixed(1)} KB of compressed JavaScript, task list shown after ${seconds.toFixed(1)} s on Fast 3G`);
    expect(js).toBeGreaterThan(20_000);
    expect(js).toBeLessThan(200 * 1024);
    await context.close();
    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 120_000);
});
