import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { VisitRate } from './api/types';

use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

/**
 * Draws the visit-rate bars with ECharts tree-shaken to the bar chart. This module is loaded
 * only when a supervisor opens the rates screen, so it never weighs on a visitor's phone.
 */
export function drawRates(el: HTMLElement, rates: VisitRate[]): () => void {
  const chart = init(el);
  chart.setOption({
    grid: { left: 40, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rates.map((r) => r.township.slice(6)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        name: '探访率',
        data: rates.map((r) => (r.rate === null ? 0 : Math.round(r.rate * 1000) / 10)),
        markLine: { silent: true, symbol: 'none', data: [{ yAxis: 100, name: '目标' }] },
      },
    ],
  });
  return () => chart.dispose();
}
