import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readCsv, readSheet } from '../../shared/adapters/ledger-files/read';
import { LEDGER_FILE_LIMITS, LedgerFileError } from '../../shared/domain/ledger/file-limits';
import { LEDGER_COLUMNS } from '../../shared/domain/ledger/columns';
import { cli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'tanfang-hostile-'));
const HEADERS = LEDGER_COLUMNS.map((c) => c.header);

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void, name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('台账'));
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

/** Rewrites one part of an XLSX (a forged dimension, a lying size) and zips it again. */
async function patched(path: string, part: string, change: (xml: string) => string, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  zip.file(part, change(await zip.file(part)!.async('string')));
  const out = join(dir, name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

const refusal = async (path: string) => {
  try {
    await readSheet(path);
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerFileError);
    return (error as Error).message;
  }
  throw new Error(`${path} was read`);
};

describe('files are hostile until read', () => {
  it('refuses a 7 KB XLSX whose one cell sits at XFD1048576, naming the cell, without walking a billion empty cells', async () => {
    const path = await workbook((s) => {
      s.addRow(HEADERS);
      s.getCell('XFD1048576').value = 'x';
    }, 'far-cell.xlsx');
    expect(statSync(path).size).toBeLessThan(10_000);
    expect(await refusal(path)).toMatch(/cell XFD1048576 holds a value beyond row 100000/);
    const wide = await workbook((s) => {
      s.addRow(HEADERS);
      s.getCell('XFD1').value = 'x';
    }, 'far-column.xlsx');
    expect(await refusal(wide)).toMatch(/cell XFD1 holds a value beyond column 100/);
  });

  it('reads a sheet whose <dimension> claims XFD1048576 for what it holds', async () => {
    const path = await workbook((s) => {
      s.addRow(HEADERS);
      s.addRow(HEADERS.map(() => 'v'));
    }, 'honest.xlsx');
    const lying = await patched(path, 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'), 'lying-dimension.xlsx');
    const sheet = await readSheet(lying);
    expect(sheet.rows.map((r) => r.cells.length)).toEqual([HEADERS.length, HEADERS.length]);
  });

  it('reads a workbook whose parts come in any zip order: the worksheet before xl/workbook.xml (WPS, or a writer under load)', async () => {
    const path = await workbook((s) => {
      s.addRow(HEADERS);
      s.addRow(['', '张三']);
    }, 'ordered.xlsx');
    const zip = await JSZip.loadAsync(readFileSync(path));
    const parts = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => !zip.files[n]!.dir)
        .map(async (n) => [n, await zip.file(n)!.async('nodebuffer')] as const),
    );
    // Shared strings and the workbook's relationships first, then the sheet, the workbook itself last.
    const rank = (n: string) => (n === 'xl/workbook.xml' ? 3 : n.startsWith('xl/worksheets/') ? 2 : 1);
    const reordered = new JSZip();
    for (const [name, data] of [...parts].sort((a, b) => rank(a[0]) - rank(b[0]))) reordered.file(name, data);
    const out = join(dir, 'workbook-last.xlsx');
    writeFileSync(out, await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const sheet = await readSheet(out);
    expect(sheet.rows[0]!.cells.slice(0, 3)).toEqual(HEADERS.slice(0, 3));
    expect(sheet.rows[1]!.cells[1]).toBe('张三');
  });

  it('answers random bytes, a truncated zip, an .xls, an empty file and a directory with a reason', async () => {
    const random = join(dir, 'random.xlsx');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)));
    expect(await refusal(random)).toMatch(/is not an XLSX workbook/);
    const good = await workbook((s) => s.addRow(HEADERS), 'good.xlsx');
    const truncated = join(dir, 'truncated.xlsx');
    writeFileSync(truncated, readFileSync(good).subarray(0, Math.floor(statSync(good).size / 2)));
    expect(await refusal(truncated)).toMatch(/not a complete XLSX workbook \(the zip is truncated or damaged/);
    const xls = join(dir, 'old.xls');
    writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    expect(await refusal(xls)).toMatch(/old Excel 97–2003 workbook \(\.xls\): open it in Excel and save it as \.xlsx/);
    const renamed = join(dir, 'renamed.csv');
    writeFileSync(renamed, readFileSync(xls));
    expect(await refusal(renamed)).toMatch(/\.xls/);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect(await refusal(empty)).toBe('is empty');
    const folder = join(dir, 'folder.xlsx');
    mkdirSync(folder);
    expect(await refusal(folder)).toBe('is not a file');
    expect(await refusal(join(dir, 'missing.csv'))).toMatch(/cannot be read: ENOENT/);
  });

  it('refuses a workbook that declares more unzipped bytes than a ledger may hold (a zip bomb) before inflating it', async () => {
    const good = await workbook((s) => s.addRow(HEADERS), 'to-inflate.xlsx');
    const bytes = readFileSync(good);
    // Forge the central directory's uncompressed size of every entry (offset 24 of each 0x02014b50 record).
    for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) bytes.writeUInt32LE(0x7fffffff, at + 24);
    const bomb = join(dir, 'bomb.xlsx');
    writeFileSync(bomb, bytes);
    expect(await refusal(bomb)).toMatch(/unzips to \d+ MiB, more than the 512 MiB/);
  });

  it('answers an unbalanced CSV quote, NUL bytes, too many rows or columns with a reason; a cell too long makes its row bad', async () => {
    expect(() => readCsv(Buffer.from(`${HEADERS.join(',')}\n张三,"男,1\n李四,女\n`))).toThrow(/line \d+: a cell opens a quote \(".*never closes/);
    expect(() => readCsv(Buffer.from('姓名,性别\n张三\u0000,男\n'))).toThrow(/not a text file \(it holds NUL bytes\)/);
    expect(() => readCsv(Buffer.from(`${Array.from({ length: 101 }, (_, i) => `h${i}`).join(',')}\n`))).toThrow(/row 1 has a value in column 101, beyond the 100 columns/);
    // The row limit, at a tenth of its size (the same code; csv-parse reads 100,000 lines in seconds here).
    expect(() => readCsv(Buffer.from(`${HEADERS.join(',')}\n${'a\n'.repeat(10_000)}`), { ...LEDGER_FILE_LIMITS, maxRows: 10_000 })).toThrow(/more than 10000 rows/);
    const sheet = readCsv(Buffer.from(`${HEADERS.join(',')}\n${'长'.repeat(LEDGER_FILE_LIMITS.maxCellChars + 1)},女\n`));
    expect(sheet.rows[1]).toEqual({ rowNumber: 2, cells: ['', '女'], issues: [{ column: 0, rule: 'is 2001 characters, more than the 2000 a cell may hold' }] });
  });

  it('the CLI answers a hostile file with exit 1 and the reason, never a stack trace', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tanfang-hostile-db-'));
    const far = join(dir, 'far-cell.xlsx');
    const csv = join(dir, 'quote.csv');
    writeFileSync(csv, `${HEADERS.join(',')}\n张三,"男\n`);
    for (const [file, reason] of [
      [far, /XFD1048576/],
      [csv, /never closes/],
      [join(dir, 'truncated.xlsx'), /truncated/],
      [join(dir, 'old.xls'), /\.xls/],
    ] as const) {
      const r = await cli(['ledger', 'import', file, '--data', data, '--region', 'sichuan']);
      expect({ file, code: r.code }).toEqual({ file, code: 1 });
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
