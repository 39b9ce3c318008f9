import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { VisitRateRow } from './api/types';

use([BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

const TIERS: Record<string, string> = { key: '重点', secondary: '次重点', general: '一般', disabled: '失能' };

/**
 * Draws the visit rates by township, one bar per tier, against the 100 % target, with ECharts
 * tree-shaken to the bar chart. Loaded only when a supervisor opens the rates screen, so it
 * never weighs on a visitor's phone.
 */
export function drawRates(el: HTMLElement, rows: readonly VisitRateRow[]): () => void {
  const chart = init(el);
  const townships = [...new Set(rows.map((r) => r.area))].sort();
  const tiers = [...new Set(rows.map((r) => r.tier ?? 'all'))];
  chart.setOption({
    grid: { left: 40, right: 16, top: 36, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: townships.map((t) => t.slice(6)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: tiers.map((tier, i) => ({
      type: 'bar',
      name: TIERS[tier] ?? tier,
      data: townships.map((t) => {
        const row = rows.find((r) => r.area === t && (r.tier ?? 'all') === tier);
        return row?.rate == null ? 0 : Math.round(row.rate * 1000) / 10;
      }),
      ...(i === 0 ? { markLine: { silent: true, symbol: 'none', data: [{ yAxis: 100, name: '目标' }] } } : {}),
    })),
  });
  return () => chart.dispose();
}
