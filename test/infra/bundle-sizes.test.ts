import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLE_LIMIT_KIB, BUNDLING, ROOT } from '../../infra/bundling';
import { loadRegion } from '../../shared/config/load';

const JOBS = readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name)
  .sort();
const runtime = loadRegion('sichuan');

/** Bundles one function as the stack does; its size and the packages it carries. */
async function bundle(job: string): Promise<{ bytes: number; packages: Set<string> }> {
  const result = await build({
    entryPoints: [join(ROOT, 'functions', job, 'handler.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    target: BUNDLING.target,
    format: BUNDLING.format,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    minify: BUNDLING.minify,
    external: [...BUNDLING.externals],
    define: { 'process.env.TANFANG_REGION_RUNTIME': JSON.stringify(JSON.stringify(runtime)) },
    metafile: true,
    logLevel: 'silent',
    outfile: 'index.mjs',
  });
  const packages = new Set(Object.keys((result.metafile as Metafile).inputs).flatMap((path) => [...path.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]!).slice(-1)));
  return { bytes: result.outputFiles[0]!.contents.byteLength, packages };
}

describe('Function bundles', () => {
  const sizes = new Map<string, { bytes: number; packages: Set<string> }>();

  it('bundle each function, print its size, and stay under its limit', async () => {
    for (const job of JOBS) sizes.set(job, await bundle(job));
    const lines = JOBS.map((job) => `${job.padEnd(18)} ${(sizes.get(job)!.bytes / 1024).toFixed(0).padStart(6)} KiB  (limit ${BUNDLE_LIMIT_KIB[job]} KiB)`);
    console.log(`Bundle sizes (minified index.mjs, AWS SDK external):\n${lines.join('\n')}`);
    for (const job of JOBS) {
      expect(BUNDLE_LIMIT_KIB[job], `${job} has no size limit in infra/bundling.ts`).toBeDefined();
      expect(sizes.get(job)!.bytes / 1024, job).toBeLessThanOrEqual(BUNDLE_LIMIT_KIB[job]!);
    }
  }, 120_000);

  it('keep ExcelJS to the function that imports uploaded ledgers (import-ledger), off the API, and iconv-lite nowhere', () => {
    expect(sizes.size).toBe(JOBS.length);
    const withExcel = JOBS.filter((job) => sizes.get(job)!.packages.has('exceljs'));
    expect(withExcel).toEqual(['import-ledger']);
    // The API only presigns uploads and answers their status: neither sheet reader's library is in its bundle.
    expect(sizes.get('api')!.packages.has('exceljs')).toBe(false);
    expect(sizes.get('api')!.packages.has('unzipper')).toBe(false);
    for (const job of JOBS) expect(sizes.get(job)!.packages.has('iconv-lite'), job).toBe(false);
  });
});
