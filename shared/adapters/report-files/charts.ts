import type { RateRow } from '../../domain/reports/visit-rate';

/** An ECharts option, as plain data: the same option draws the HTML page's charts and the XLSX picture. */
export type ChartOption = Record<string, unknown>;

const pct = (r: RateRow) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10);

/** Visit rate per row (township, tier…) as bars, with the 100 % target as a line. */
export function ratesChart(title: string, rows: readonly RateRow[], label: (r: RateRow) => string): ChartOption {
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 90, top: 50, bottom: 60 },
    xAxis: { type: 'category', data: rows.map(label), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '探访率',
        type: 'bar',
        data: rows.map(pct),
        label: { show: true, position: 'top', formatter: '{c}%' },
        markLine: { symbol: 'none', data: [{ yAxis: 100, name: '目标 100%' }], label: { formatter: '目标 100%' }, lineStyle: { color: '#c00', type: 'dashed' } },
      },
    ],
  };
}

/** The rate period by period (months of a quarter, weeks of a month…) as a line. */
export function trendChart(title: string, rows: readonly RateRow[]): ChartOption {
  return {
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 16 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 30, top: 50, bottom: 40 },
    xAxis: { type: 'category', data: rows.map((r) => r.period) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ name: '探访率', type: 'line', data: rows.map(pct), label: { show: true, formatter: '{c}%' } }],
  };
}
