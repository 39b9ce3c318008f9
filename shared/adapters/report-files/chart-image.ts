import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartOption } from './charts';

const require = createRequire(import.meta.url);

/** Noto Sans Hans (SIL OFL), shipped by an npm package, so charts show Chinese on any machine. */
export function cjkFontFile(): string {
  return join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
}

/**
 * A chart as a PNG, drawn offline: ECharts renders the option to SVG on the server (its SSR mode,
 * no DOM), and resvg rasterises it with the bundled CJK font. exceljs cannot write Excel charts,
 * so the XLSX carries this picture beside the figures it shows.
 */
export function chartPng(option: ChartOption, size: { width: number; height: number } = { width: 900, height: 420 }): Buffer {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, textStyle: { fontFamily: 'Noto Sans Hans' }, backgroundColor: '#ffffff' });
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, { font: { fontFiles: [cjkFontFile()], loadSystemFonts: false, defaultFontFamily: 'Noto Sans Hans' }, fitTo: { mode: 'original' } }).render().asPng();
    return Buffer.from(png);
  } finally {
    chart.dispose();
  }
}
