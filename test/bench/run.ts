// npm run bench [-- --sizes 10000,100000] [-- --only generation|escalation|special|reports|sending]: prints figures; not part of npm test.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};

const { parseArgs } = await import('node:util');
const { appendFileSync } = await import('node:fs');
const { benchGeneration } = await import('./generation');
const { benchEscalation } = await import('./escalation');
const { benchSpecial } = await import('./special');
const { benchReports } = await import('./reports');
const { benchSending } = await import('./sending');
const { benchScale, printScale } = await import('./scale');

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    only: { type: 'string' },
    scale: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    /** With --scale: also write each size's JSON object to this file (one per line), so one long run gives both forms. */
    save: { type: 'string' },
    'budget-ms': { type: 'string', default: '20000' },
  },
});
values.sizes ??= values.scale ? '100000' : '10000,100000';
const sizes = values.sizes.split(',').map(Number);
for (const size of sizes) {
  if (!Number.isInteger(size) || size < 100) throw new Error(`--sizes takes whole numbers ≥ 100, got ${values.sizes}`);
}
if (values.only !== undefined && !['generation', 'escalation', 'special', 'reports', 'sending'].includes(values.only)) throw new Error(`--only takes generation, escalation, special, reports or sending, got ${values.only}`);
if (values.scale) {
  // npm run bench -- --scale [--sizes N] [--json] [--save file.jsonl] [--budget-ms 20000]: the chunked, fanned-out jobs (the warning's sending at the region's sms.sendsPerSecond).
  const budgetMs = Number(values['budget-ms']);
  if (!Number.isInteger(budgetMs) || budgetMs <= 10_000) throw new Error(`--budget-ms takes whole milliseconds above the 10,000 kept back, got ${values['budget-ms']}`);
  for (const size of sizes) {
    const result = await benchScale(size, { budgetMs });
    if (values.save !== undefined) appendFileSync(values.save, `${JSON.stringify(result)}\n`);
    if (values.json) console.log(JSON.stringify(result));
    else printScale(result);
  }
  process.exit(0);
}
console.log(`Tanfang bench on embedded dynalite (in-process, one Node ${process.version} process)\n`);
if (values.only === undefined || values.only === 'generation') for (const size of sizes) await benchGeneration(size);
if (values.only === undefined || values.only === 'escalation') await benchEscalation(100_000, 0.01);
if (values.only === undefined) await benchSpecial(100_000);
if (values.only === 'special') for (const size of sizes) await benchSpecial(size);
if (values.only === undefined) await benchReports(100_000);
if (values.only === 'reports') for (const size of sizes) await benchReports(size);
// Notices, not elders: --sizes is capped at 20,000 here (the machine is shared).
if (values.only === 'sending') for (const size of values.sizes === '10000,100000' ? [5000] : sizes) await benchSending(Math.min(size, 20_000));
