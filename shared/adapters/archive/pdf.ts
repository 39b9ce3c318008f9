import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { cjkFontFile } from '../report-files/chart-image';

/** Headless and quiet: no background requests on a closed network. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function browserPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return path;
}

/**
 * Prints a page to an A4 PDF with headless Chromium (print-to-PDF): the same HTML an office
 * prints from the browser, so the two never differ. The bundled Noto Sans Hans is offered as a
 * web font, so the PDF shows Chinese on a machine without Chinese fonts; Chromium embeds only the
 * glyphs used. Only file:// loads are allowed: the page cannot reach the network.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const face = `<style>@font-face { font-family: "Noto Sans Hans"; src: url("${pathToFileURL(cjkFontFile()).href}") format("opentype"); }</style>`;
  const dir = await mkdtemp(join(tmpdir(), 'tanfang-pdf-'));
  const browser = await chromium.launch({ executablePath: browserPath(), args: ARGS });
  try {
    const file = join(dir, 'archive.html');
    await writeFile(file, html.replace('</head>', `${face}</head>`), 'utf8');
    const page = await browser.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready');
    return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
