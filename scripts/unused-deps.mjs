// Lists package.json dependencies that no source file imports (nor a script or config names):
// `node scripts/unused-deps.mjs` prints them and exits 1 when there are any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const SKIP = new Set(['node_modules', '.git', 'dist', '.tanfang', 'cdk.out']);
const texts = [];
function walk(dir) {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|tsx|mts|mjs|cjs|js|vue|json)$/.test(entry) && entry !== 'package-lock.json' && entry !== 'package.json') texts.push(readFileSync(path, 'utf8'));
  }
}
for (const dir of ['cli', 'functions', 'infra', 'shared', 'test', 'web', 'scripts']) walk(join(root, dir));
for (const file of readdirSync(root)) if (/\.(ts|mjs|cjs|js|json)$/.test(file) && !file.startsWith('package')) texts.push(readFileSync(join(root, file), 'utf8'));
const source = texts.join('\n');
const scripts = Object.values(pkg.scripts ?? {}).join('\n');
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** The commands a package installs (`tsc` for typescript, `cdk` for aws-cdk). */
const binsOf = (name) => {
  try {
    const { bin } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    return typeof bin === 'string' ? [name.split('/').pop()] : Object.keys(bin ?? {});
  } catch {
    return [];
  }
};
const used = (name) =>
  // An import or require of the package or a subpath (static or dynamic), a vitest environment, or a command a script runs.
  new RegExp(`['"\`]${escapeRegExp(name)}(/[^'"\`]*)?['"\`]`).test(source) ||
  new RegExp(`@vitest-environment ${escapeRegExp(name)}\\b`).test(source) ||
  binsOf(name).some((bin) => new RegExp(`(^|[\\s;&|(])(npx )?${escapeRegExp(bin)}(\\s|$)`, 'm').test(scripts));
const unused = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !name.startsWith('@types/') && !used(name));
for (const name of unused) console.log(name);
process.exit(unused.length > 0 ? 1 : 0);
