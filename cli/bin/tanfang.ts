#!/usr/bin/env -S npx tsx
// Local runs: the functions' structured logs and metrics would drown the CLI's own output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// This machine runs Node 20; the SDK warns about its Node 22 plan on every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};

const { run } = await import('../main');
process.exitCode = await run(process.argv.slice(2));
