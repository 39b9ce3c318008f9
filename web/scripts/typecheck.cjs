// Type-checks the field app (.vue and .ts) with vue-tsc. The repository compiles with
// TypeScript 7 (native), which has no JavaScript API for vue-tsc to drive; vue-tsc runs on a
// pinned TypeScript 6 (the `typescript-6` alias in package.json) for this folder alone.
const { run } = require('vue-tsc');
process.argv.push('--noEmit', '-p', require('node:path').join(__dirname, '..', 'tsconfig.json'));
run(require.resolve('typescript-6/lib/tsc'));
