import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { esc } from '../archive/html-kit';
import type { ChartOption } from './charts';
import type { ReportTable } from './tables';
import type { WorkbookSpec } from './xlsx';

const require = createRequire(import.meta.url);
let echartsSource: string | undefined;

/** ECharts' minified browser build, read once from the installed package and inlined in every page. */
function echartsScript(): string {
  echartsSource ??= readFileSync(join(dirname(require.resolve('echarts')), 'echarts.min.js'), 'utf8');
  return echartsSource;
}

/** JSON safe inside a <script> element: no `</script>`, no HTML comment openers. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

function tableHtml(t: ReportTable): string {
  const cell = (v: string | number | null, i: number) => (v === null ? '–' : t.percent.includes(i) && typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : esc(v));
  return `<section><h2>${esc(t.name)}</h2><table><thead><tr>${t.headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((v, i) => `<td${typeof v === 'number' ? ' class="n"' : ''}>${cell(v, i)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>${t.rows.length === 0 ? '<p>无</p>' : ''}</section>`;
}

/**
 * A report as one HTML file that opens offline: ECharts inlined, the data inlined, and a
 * Content-Security-Policy that forbids every request (no fonts, images or scripts from anywhere),
 * so nothing leaves the file even if someone edits it to try.
 */
export function reportHtml(spec: WorkbookSpec): string {
  const charts = spec.charts.map((c, i) => ({ id: `chart${i}`, option: c.option as ChartOption }));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(spec.title)}</title>
<style>
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Noto Sans Hans", sans-serif; margin: 16px auto; max-width: 1200px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid #bbb; padding: 3px 6px; } th { background: #f0f3f8; } td.n { text-align: right; }
.chart { width: 100%; height: 420px; } .notes p { margin: 2px 0; color: #444; }
@media print { .chart { page-break-inside: avoid; } }
</style></head>
<body>
<h1>${esc(spec.title)}</h1>
<div class="notes">${spec.notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>
${charts.map((c) => `<div class="chart" id="${c.id}"></div>`).join('\n')}
${spec.tables.map(tableHtml).join('\n')}
<script>${echartsScript()}</script>
<script>
window.TANFANG_CHARTS = ${scriptJson(charts)};
for (const c of window.TANFANG_CHARTS) echarts.init(document.getElementById(c.id)).setOption(c.option);
</script>
</body></html>`;
}
