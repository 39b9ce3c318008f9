import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/**
 * Hosts a URL in the documentation may name: loopback (what `tanfang serve` answers) and the
 * names reserved for examples (RFC 2606, RFC 6761), which reach nothing.
 */
function isExampleHost(host: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(host) || /(^|\.)(example|invalid|test)$/.test(host) || /(^|\.)example\.(com|net|org)$/.test(host);
}

/** Every http(s) URL written in a Markdown text, with a placeholder (`https://<api>/…`) left out: it names no host. */
function externalUrls(markdown: string): string[] {
  return [...markdown.matchAll(/https?:\/\/[^\s)>\]`'"|]*/g)]
    .map(([url]) => url)
    .filter((url) => !/^https?:\/\/</.test(url) && !/^https?:\/\/$/.test(url))
    .filter((url) => {
      try {
        return !isExampleHost(new URL(url).hostname);
      } catch {
        return true;
      }
    });
}

/** Relative Markdown links (`[text](path)`), anchors and URLs left out. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target!).filter((t) => !t.startsWith('#') && !/^[a-z]+:/i.test(t));
}

describe('The README and docs/ link nothing outside the repository', () => {
  it.each(DOCUMENTS)('%s names no external URL', (file) => {
    expect(externalUrls(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it.each(DOCUMENTS)('%s links only files that are in the repository', (file) => {
    const base = join(ROOT, file, '..');
    const broken = relativeLinks(readFileSync(join(ROOT, file), 'utf8')).filter((target) => {
      const path = normalize(join(base, decodeURIComponent(target.split('#')[0]!)));
      return !path.startsWith(ROOT) || !existsSync(path);
    });
    expect(broken).toEqual([]);
  });

  it('catches a link out, and lets loopback, reserved example names and placeholders through', () => {
    expect(externalUrls('see [dynalite](https://github.com/architect/dynalite) or <http://www.gov.cn/x>')).toEqual(['https://github.com/architect/dynalite', 'http://www.gov.cn/x']);
    expect(externalUrls('`--base http://127.0.0.1:8787`, http://localhost:5173/, https://tanfang.invalid/dev-issuer, https://<api>/ledger, https://app.example.com')).toEqual([]);
  });
});
