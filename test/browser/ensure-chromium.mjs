#!/usr/bin/env node
// Runs before `npm test`: the page tests need a Chromium. Uses CHROMIUM_PATH or Debian's
// /usr/bin/chromium; when neither exists and this is Debian run as root (CI, a fresh
// machine), installs the `chromium` package. Anywhere else it says what to do and stops.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The field app's screenshots show Chinese: a CJK font (WenQuanYi Micro Hei, 5 MB) where there is none.
const cjkFont = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const canApt = () => existsSync('/etc/debian_version') && typeof process.getuid === 'function' && process.getuid() === 0;
if (!existsSync(cjkFont) && canApt()) {
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'fonts-wqy-microhei'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    if (!install()) console.error('could not install fonts-wqy-microhei: screenshots will show boxes for Chinese text');
  }
}
if (existsSync(wanted)) process.exit(0);
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH=${wanted} does not exist`);
  process.exit(1);
}
const debian = existsSync('/etc/debian_version') || /debian/i.test(existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '');
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!debian || !root) {
  console.error('The page tests need Chromium: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.');
  process.exit(1);
}
const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
console.error('Installing Debian chromium for the page tests (once)…');
if (!apt(['install', '-y', '--no-install-recommends', 'chromium']) && !(apt(['update']) && apt(['install', '-y', '--no-install-recommends', 'chromium']))) {
  console.error('apt-get could not install chromium; install it by hand or set CHROMIUM_PATH.');
  process.exit(1);
}
if (!existsSync(wanted)) {
  console.error(`chromium installed, but ${wanted} is missing`);
  process.exit(1);
}
