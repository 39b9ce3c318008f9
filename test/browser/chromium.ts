import { existsSync } from 'node:fs';

/**
 * The browser the page tests drive: Debian's `chromium` package (no browser downloads are
 * reachable here). `CHROMIUM_PATH` names another binary; `npm test` installs the Debian package
 * first when it is missing (test/browser/ensure-chromium.mjs).
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`no Chromium at ${path}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return path;
}

/** Headless, and quiet on a closed network: no background requests, no component updates. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;
