import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devIssuerFromFile } from '../../../shared/adapters/http/dev-issuer';
import { checkDevToken } from '../../../shared/adapters/http/dev-tokens';
import { cli } from '../../helpers/cli';

describe('Command: tanfang token', () => {
  let keyFile: string;
  const saved = process.env.TANFANG_DEV_ISSUER_KEY;
  beforeEach(() => {
    keyFile = join(mkdtempSync(join(tmpdir(), 'tanfang-token-')), 'dev-issuer-key.json');
    process.env.TANFANG_DEV_ISSUER_KEY = keyFile;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TANFANG_DEV_ISSUER_KEY;
    else process.env.TANFANG_DEV_ISSUER_KEY = saved;
  });

  it("prints a token that the key file serve reads accepts, naming the person in the region's claim", async () => {
    const { code, stdout } = await cli(['token', '--person', 'vis-510108001001-1', '--region', 'sichuan']);
    expect(code).toBe(0);
    const check = await checkDevToken(stdout.trim(), { issuer: await devIssuerFromFile(keyFile) });
    expect(check).toMatchObject({ ok: true, personId: 'vis-510108001001-1', claims: { tanfang_person_id: 'vis-510108001001-1' } });
  });

  it('refuses a person id that no roster entry can have, and a missing one', async () => {
    expect(await cli(['token', '--person', 'vis 1'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--person must be a roster person id/) });
    expect((await cli(['token'])).code).toBe(2);
    expect((await cli(['token', '--person', 'vis-1', '--region', 'atlantis'])).code).toBe(1);
  });
});
