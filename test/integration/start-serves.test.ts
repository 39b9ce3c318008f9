import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('npm start (simulate --serve)', () => {
  it('serves the simulated database after the summary, prints working sign-in links, and stops cleanly on Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/bin/tanfang.ts', 'simulate', '--serve', '--port', '0', '--days', '4', '--elders', '30', '--data', join(dir, 'db'), '--outbox', join(dir, 'outbox.jsonl'), '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    const links = await new Promise<Record<string, string>>((done, fail) => {
      child.stderr.on('data', (c) => {
        stderr += String(c);
        const found = Object.fromEntries([...stderr.matchAll(/^\s+(visitor|supervisor|administrator) \S+:\s+(http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\?token=\S+)$/gm)].map((m) => [m[1], m[2]]));
        if (Object.keys(found).length === 3) done(found as Record<string, string>);
      });
      child.once('exit', (code) => fail(new Error(`simulate exited (${code}) before serving:\n${stderr}`)));
    });
    try {
      expect(JSON.parse(stdout).ledger.elders).toBe(30);
      const visitor = new URL(links.visitor!);
      const token = new URLSearchParams(visitor.hash.slice(visitor.hash.indexOf('?'))).get('token');
      const me = await fetch(`${visitor.origin}/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(await me.json()).toMatchObject({ roles: ['visitor'] });
      const page = await fetch(`${visitor.origin}/`);
      expect([200, 503]).toContain(page.status);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const tasks = await fetch(`${visitor.origin}/tasks?view=overdue`, { headers: { authorization: `Bearer ${token}` } });
      expect(tasks.status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    expect(await new Promise((done) => child.once('exit', done))).toBe(0);
  }, 90_000);
});
