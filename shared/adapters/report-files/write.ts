import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { RATE_COLUMNS } from './labels';
import type { RateRow } from '../../domain/reports/visit-rate';
import { reportHtml } from './html';
import type { ReportTable } from './tables';
import { reportWorkbook } from './xlsx';
import type { WorkbookSpec } from './xlsx';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const BOM = '\ufeff';

/** Rate rows as CSV for machines and Excel alike: the JSON keys as headers (area, period, tier, owed, visited, rate…), UTF-8 with a BOM. */
export function rateCsv(rows: readonly RateRow[]): string {
  return BOM + stringify([RATE_COLUMNS.map((c) => c.key), ...rows.map((r) => RATE_COLUMNS.map((c) => c.value(r) ?? ''))]);
}

/** A text cell Excel would run as a formula (=, +, -, @, tab, CR first) is kept as text (OWASP CSV injection). */
const inert = (v: string | number | null) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

/** Any other report's tables as CSV: each table after its name. */
export function tablesCsv(tables: readonly ReportTable[]): string {
  return BOM + tables.map((t) => stringify([[t.name], t.headers, ...t.rows.map((r) => r.map(inert))])).join('\n');
}

/** The report in a file format: the bytes to write. */
export async function renderReport(format: Exclude<ReportFormat, 'json' | 'csv'>, spec: WorkbookSpec): Promise<Buffer> {
  return format === 'xlsx' ? reportWorkbook(spec) : Buffer.from(reportHtml(spec), 'utf8');
}

export async function writeReportFile(path: string, content: Buffer | string): Promise<void> {
  await writeFile(path, content);
}
