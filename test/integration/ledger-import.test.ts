import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readSheet } from '../../shared/adapters/ledger-files/read';
import { writeLedger, writeTemplate } from '../../shared/adapters/ledger-files/write';
import { exportLedger } from '../../shared/app/export-ledger';
import { elderIdFor, importLedger, LedgerFileError } from '../../shared/app/import-ledger';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const dir = mkdtempSync(join(tmpdir(), 'tanfang-ledger-'));
const HEADERS = LEDGER_COLUMNS.map((c) => c.header);

/** Rows of a realistic ledger, without 档案编号 (ids come from the ID numbers). */
function ledgerRows(world: World, n: number): string[][] {
  const { registrations } = syntheticLedger({ runtime: world.runtime, seed: 5, elders: n, asOf: '2026-11-01' });
  return registrations.map((r) => ['', ...registrationToRow(elderRegistrationSchema.parse(r)).slice(1)]);
}

const csvLine = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');

describe('ledger import and export', () => {
  let world: World;
  beforeEach(async () => {
    world = await newWorld('sichuan', '2026-11-01T09:00:00+08:00');
    // The visitors the rows name must be on the roster (they exist, are active, serve the village).
    for (const person of syntheticLedger({ runtime: world.runtime, seed: 5, elders: 20, asOf: '2026-11-01' }).people) await world.repos.people.save(person);
  });
  const importFile = async (path: string) => importLedger({ ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'test-key' }, (await readSheet(path)).rows);

  it('reads a real XLSX with a merged title row, skips blank rows, and reports each bad row by row, column and reason', async () => {
    const rows = ledgerRows(world, 6);
    const badChecksum = [...rows[2]!];
    badChecksum[3] = `${badChecksum[3]!.slice(0, 17)}${badChecksum[3]!.endsWith('0') ? '1' : '0'}`;
    const badCategory = [...rows[3]!];
    badCategory[11] = '独居、贫困';
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['成华区特殊困难老年人信息台账（2026年下半年）']);
    sheet.mergeCells(1, 1, 1, HEADERS.length);
    sheet.addRow(['序号', ...HEADERS]);
    sheet.addRow(['1', ...rows[0]!]);
    sheet.addRow([]);
    sheet.addRow(['2', ...rows[1]!]);
    sheet.addRow(['3', ...badChecksum]);
    sheet.addRow(['4', ...badCategory]);
    sheet.addRow(['5', ...rows[1]!]);
    sheet.addRow(['6', ...rows[4]!]);
    const path = join(dir, 'ledger.xlsx');
    await workbook.xlsx.writeFile(path);

    const report = await importFile(path);
    expect(report).toMatchObject({ headerRow: 2, dataRows: 6, blankRows: 1, created: 3, updated: 0, unchanged: 0, badRows: 3, unknownHeaders: [] });
    expect(report.bad).toEqual([
      { row: 6, column: '公民身份号码', rule: expect.stringMatching(/check digit/), code: 'bad_check_digit', message: expect.stringMatching(/^公民身份号码校验位错误，应为/) },
      { row: 7, column: '对象类型', rule: expect.stringMatching(/"贫困" is not one of 孤寡\/独居/), code: 'bad_word', message: expect.stringMatching(/^“贫困”不是可选值之一/) },
      { row: 8, column: '公民身份号码', rule: 'the same ID number is already on row 5: one person, one row', code: 'duplicate_row', message: '与第5行是同一公民身份号码：一人一行' },
    ]);
    const residentId = rows[0]![3]!;
    expect((await world.repos.elders.get(elderIdFor(residentId, 'test-key')))?.registration.residentId).toBe(residentId);
  });

  it('reads a GBK-encoded CSV as Excel in China saves it', async () => {
    const rows = ledgerRows(world, 3);
    const path = join(dir, 'ledger-gbk.csv');
    writeFileSync(path, iconv.encode([csvLine(HEADERS), ...rows.map(csvLine)].join('\r\n'), 'gbk'));
    expect(readFileSync(path).includes(Buffer.from('姓名', 'utf8'))).toBe(false);
    const report = await importFile(path);
    expect(report).toMatchObject({ created: 3, badRows: 0 });
    const stored = await world.repos.elders.get(elderIdFor(rows[0]![3]!, 'test-key'));
    expect(stored?.registration.name).toBe(rows[0]![1]);
  });

  it('round trip: import, export, import again changes nothing; an edited row updates, never duplicates', async () => {
    const rows = ledgerRows(world, 20);
    const first = join(dir, 'first.csv');
    await writeLedger(first, rows);
    expect(await importFile(first)).toMatchObject({ created: 20, badRows: 0 });
    const exported = await exportLedger({ elders: world.repos.elders, config: world.runtime.config, audit: { log: world.repos.audit, personId: 'admin-1', purpose: '半年动态更新', at: '2026-11-01T09:00:00+08:00', requestId: 'r1' } });
    expect(exported).toHaveLength(20);
    // An export reads every form in full: each elder's audit trail shows it.
    const someone = (await world.repos.elders.findByResidentId(rows[0]![3]!))!;
    expect(await world.repos.audit.forElder(someone)).toEqual([expect.objectContaining({ personId: 'admin-1', action: 'export', purpose: '半年动态更新' })]);
    const second = join(dir, 'exported.xlsx');
    await writeLedger(second, exported);
    expect(await importFile(second)).toMatchObject({ created: 0, updated: 0, unchanged: 20 });
    const edited = exported.map((r) => [...r]);
    edited[0]![9] = '新地址 1号';
    const third = join(dir, 'edited.csv');
    await writeLedger(third, edited);
    expect(await importFile(third)).toMatchObject({ created: 0, updated: 1, unchanged: 19 });
    expect((await exportLedger({ elders: world.repos.elders, config: world.runtime.config })).map((r) => r[9])).toContain('新地址 1号');
  });

  it('refuses a sheet without the required columns, naming them', async () => {
    const path = join(dir, 'wrong.csv');
    writeFileSync(path, '姓名,电话\n张三,13800000000\n');
    await expect(importFile(path)).rejects.toThrow(LedgerFileError);
    await expect(importFile(path)).rejects.toThrow(/missing: 性别、公民身份号码/);
  });

  it('writes a template whose example row imports', async () => {
    const path = join(dir, 'template.xlsx');
    await writeTemplate(path);
    const sheet = await readSheet(path);
    expect(sheet.rows[0]!.cells.slice(0, 4)).toEqual(['档案编号', '姓名', '性别', '公民身份号码']);
    const report = await importLedger({ ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'k' }, sheet.rows);
    expect(report.bad).toEqual([]);
    expect(report.created).toBe(1);
  });
  it('reads headers merged down over two rows (the second row repeats them) and starts at the first elder', async () => {
    const rows = ledgerRows(world, 2);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(HEADERS);
    sheet.addRow([]);
    for (let c = 1; c <= HEADERS.length; c++) sheet.mergeCells(1, c, 2, c);
    for (const r of rows) sheet.addRow(r);
    const path = join(dir, 'two-row-header.xlsx');
    await workbook.xlsx.writeFile(path);
    expect(await importFile(path)).toMatchObject({ headerRow: 1, dataRows: 2, created: 2, badRows: 0 });
  });
  it('treats the ID number as the natural key: a number registered under another 档案编号 is refused, not duplicated', async () => {
    const rows = ledgerRows(world, 2);
    const first = join(dir, 'natural-first.csv');
    await writeLedger(first, rows);
    expect(await importFile(first)).toMatchObject({ created: 2 });
    const renamed = rows.map((r, i) => (i === 0 ? ['X-0001', ...r.slice(1)] : r));
    const second = join(dir, 'natural-second.csv');
    await writeLedger(second, renamed);
    const report = await importFile(second);
    expect(report).toMatchObject({ created: 0, unchanged: 1, badRows: 1 });
    expect(report.bad[0]).toMatchObject({ row: 2, column: '公民身份号码', rule: expect.stringMatching(/already registered as E[0-9a-f]{20}/) });
    expect(await world.repos.elders.get('X-0001')).toBeUndefined();
  });
  it("ships a template file (cli/templates/ledger-template.xlsx) with today's headers, whose example row imports", async () => {
    const sheet = await readSheet(join(import.meta.dirname, '../../cli/templates/ledger-template.xlsx'));
    expect(sheet.rows[0]!.cells).toEqual(HEADERS);
    const report = await importLedger({ ...world.repos, clock: world.clock, runtime: world.runtime, idKey: 'k' }, sheet.rows);
    expect(report).toMatchObject({ created: 1, badRows: 0 });
  });
});
