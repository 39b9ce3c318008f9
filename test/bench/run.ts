// npm run bench [-- --sizes 10000,100000]: prints figures; not part of npm test.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};

const { parseArgs } = await import('node:util');
const { benchGeneration } = await import('./generation');

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' } } });
const sizes = values.sizes.split(',').map(Number);
for (const size of sizes) {
  if (!Number.isInteger(size) || size < 100) throw new Error(`--sizes takes whole numbers ≥ 100, got ${values.sizes}`);
}
console.log(`Tanfang bench on embedded dynalite (in-process, one Node ${process.version} process)\n`);
for (const size of sizes) await benchGeneration(size);
