import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheet } from '../../shared/adapters/ledger-files/read';
import { writeLedger } from '../../shared/adapters/ledger-files/write';
import { exportLedger } from '../../shared/app/export-ledger';
import { importLedger } from '../../shared/app/import-ledger';
import { registerElder } from '../../shared/app/register-elder';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import type { ElderRegistration } from '../../shared/domain/elder/registration';
import { newWorld, savePeople, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

afterAll(stopDynamo);

const dir = mkdtempSync(join(tmpdir(), 'tanfang-round-trip-'));

/** A spouse's valid ID number, from the elder's with a younger birth year. */
function spouseNumber(id: string): string {
  const body = `${id.slice(0, 6)}${Number(id.slice(6, 10)) + 2}${id.slice(10, 16)}${(Number(id[16]) + 1) % 10}`;
  return `${body}${residentIdCheckChar(body)}`;
}

/** Every field the form has, filled on some elder: what a careless export would drop. */
function enriched(reg: ElderRegistration, i: number): ElderRegistration {
  const more: Partial<ElderRegistration> = {};
  if (i % 2 === 0) more.residence = { ...reg.residence, location: { lat: 30.6598 + i / 1000, lng: 104.0633 + i / 3000 } };
  if (i % 3 === 0)
    more.householdMembers = [
      { name: '李四', sex: reg.sex === 'male' ? 'female' : 'male', relation: '配偶', residentId: spouseNumber(reg.residentId), health: '高血压，需服药', visitsOften: true },
      { name: '王五', sex: 'male', relation: '侄子' },
    ];
  if (i % 4 === 0) more.existingSupport = { organisationType: '社区居委会', responsiblePerson: '王主任', measures: '每周电话问候；每月上门一次' };
  if (i % 5 === 0)
    more.economic = {
      ...reg.economic,
      monthlyIncomeYuan: 1234.5,
      incomeSources: ['养老金', '子女赡养'],
      pensionMonthlyYuan: 980,
      subsidies: [
        { name: '高龄津贴', monthlyYuan: 100 },
        { name: '护理补贴', monthlyYuan: 200 },
      ],
    };
  if (i % 6 === 0) more.status = { state: 'hospitalised', since: '2026-10-20', note: '市三医院' };
  if (i % 7 === 0) more.diseaseHistory = '高血压\n糖尿病';
  if (i % 8 === 0) more.birthDate = `${reg.residentId.slice(6, 10)}-${reg.residentId.slice(10, 12)}-${reg.residentId.slice(12, 14)}`;
  // A formula typed as a name or an address must come back as typed, not as its result.
  if (i === 1) more.residence = { ...reg.residence, address: '=HYPERLINK("http://evil.example","点击")' };
  if (i === 3) more.name = '+张华';
  return elderRegistrationSchema.parse({ ...reg, ...more });
}

async function ledgerWorld(): Promise<World> {
  const world = await newWorld('sichuan', '2026-11-01T09:00:00+08:00');
  const { people } = syntheticLedger({ runtime: world.runtime, seed: 31, elders: 40, asOf: '2026-11-01' });
  await savePeople(world, people);
  return world;
}

const formsOf = async (world: World, ids: readonly string[]) => new Map(await Promise.all(ids.map(async (id) => [id, (await world.repos.elders.get(id))?.registration] as const)));

describe('export → import is a true round trip', () => {
  it('gives back every field of every elder, into the same ledger (nothing updated) and into an empty one (nothing lost), through CSV and XLSX', async () => {
    const source = await ledgerWorld();
    const regs = syntheticLedger({ runtime: source.runtime, seed: 31, elders: 40, asOf: '2026-11-01' }).registrations.map((r, i) => enriched(elderRegistrationSchema.parse(r), i));
    for (const r of regs) await registerElder({ ...source.repos, clock: source.clock, runtime: source.runtime }, r);
    const ids = regs.map((r) => r.id);
    const original = await formsOf(source, ids);
    const rows = await exportLedger({ elders: source.repos.elders, config: source.runtime.config });
    expect(rows).toHaveLength(40);

    for (const ext of ['csv', 'xlsx']) {
      const file = join(dir, `export.${ext}`);
      await writeLedger(file, rows);
      const sheet = await readSheet(file);
      const same = await importLedger({ ...source.repos, clock: source.clock, runtime: source.runtime, idKey: 'test-key' }, sheet.rows);
      expect({ ext, ...same }).toMatchObject({ ext, created: 0, updated: 0, unchanged: 40, badRows: 0 });

      const target = await ledgerWorld();
      const fresh = await importLedger({ ...target.repos, clock: target.clock, runtime: target.runtime, idKey: 'test-key' }, sheet.rows);
      expect({ ext, ...fresh }).toMatchObject({ ext, created: 40, badRows: 0 });
      const copied = await formsOf(target, ids);
      for (const id of ids) expect({ ext, id, form: copied.get(id) }).toEqual({ ext, id, form: original.get(id) });
    }
    expect(await formsOf(source, ids)).toEqual(original);
  });

  it('writes cells that start with = + - @ so that Excel shows them as text (OWASP CSV injection), in CSV and XLSX', async () => {
    const file = join(dir, 'formulas.csv');
    await writeLedger(file, [['=1+1', '+86', '-2', '@SUM(A1)', '\tcmd', "'quoted", '普通']]);
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    expect(lines[1]).toBe("'=1+1,'+86,'-2,'@SUM(A1),'\tcmd,''quoted,普通");
    const xlsx = join(dir, 'formulas.xlsx');
    await writeLedger(xlsx, [['=1+1', '普通']]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const cell = workbook.worksheets[0]!.getCell('A2');
    expect(cell.value).toBe("'=1+1");
    expect(cell.formula).toBeUndefined();
  });
});
