import { join } from 'node:path';

/** The repository root: functions/<job>/handler.ts are the entries. */
export const ROOT = join(import.meta.dirname, '..');

/**
 * How every function is bundled (local esbuild, no Docker), shared by the construct and the
 * bundle-size test so the sizes it prints are the sizes deployed. The Lambda Node.js runtime
 * carries AWS SDK v3, so `@aws-sdk/*` stays out of the bundles (NodejsFunction's default).
 */
export const BUNDLING = {
  target: 'node24',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  minify: true,
  /**
   * Source maps ship, without the sources inside (a tenth of the size), and Node reads them at
   * run time (`NODE_OPTIONS=--enable-source-maps`): a stack trace in the logs names the
   * TypeScript file and line, which is how on-call finds a fault where there is no X-Ray.
   */
  sourceMap: true,
  sourcesContent: false,
  externals: ['@aws-sdk/*'],
} as const;

export const RUNTIME_NODE_OPTIONS = '--enable-source-maps';

/**
 * The most each function's bundle (index.mjs, minified, without its source map) may weigh, in
 * KiB: what a cold start loads. Measured December 2026: 950–1,215 KiB for the jobs (zod 443,
 * tyme4ts 214, our code 125–140, the X-Ray SDK 68); the API 1,508 (2,550 while it imported
 * uploaded ledgers itself: ExcelJS and its unzipper now live in import-ledger, 2,336); send-sms
 * 2,600 (the Aliyun and Tencent SMS SDKs). Raise a limit only with a reason.
 */
export const BUNDLE_LIMIT_KIB: Record<string, number> = {
  api: 1664,
  'apply-occasion': 1344,
  'archive-closed': 1344,
  'device-alarm': 1344,
  'escalate-overdue': 1344,
  'generate-tasks': 1344,
  'import-ledger': 2560,
  'ingest-alert': 1344,
  'job-worker': 1344,
  'remind-reviews': 1344,
  'send-sms': 2880,
  'sms-callbacks': 1344,
};
