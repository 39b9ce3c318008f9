import ExcelJS from 'exceljs';
import type { ChartOption } from './charts';
import { chartPng } from './chart-image';
import type { ReportTable } from './tables';

export interface WorkbookSpec {
  title: string;
  /** Lines under the title on the first sheet: area, period, when it was computed, the denominator. */
  notes: string[];
  tables: ReportTable[];
  /** Drawn as pictures on the first sheet, under the notes. */
  charts: { option: ChartOption }[];
}

/**
 * A report as an XLSX an office opens in Excel or WPS: a 说明 sheet with the title, notes and
 * the charts (pictures: exceljs cannot write native charts), then one sheet per table with Chinese
 * headers, frozen header row, percentages formatted as such.
 */
export async function reportWorkbook(spec: WorkbookSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tanfang 探访';
  const cover = wb.addWorksheet('说明');
  cover.getColumn(1).width = 100;
  cover.addRow([spec.title]).font = { bold: true, size: 14 };
  for (const note of spec.notes) cover.addRow([note]);
  let row = spec.notes.length + 3;
  for (const chart of spec.charts) {
    const image = wb.addImage({ buffer: chartPng(chart.option) as unknown as ExcelJS.Buffer, extension: 'png' });
    cover.addImage(image, { tl: { col: 0, row }, ext: { width: 900, height: 420 } });
    row += 23;
  }
  for (const table of spec.tables) {
    const sheet = wb.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.headers).font = { bold: true };
    for (const r of table.rows) sheet.addRow(r);
    table.headers.forEach((h, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = Math.max(8, Math.min(30, h.length * 2 + 2));
      if (table.percent.includes(i)) column.numFmt = '0.0%';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
