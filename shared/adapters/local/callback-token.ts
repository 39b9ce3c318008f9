import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCallbackToken } from '../../config/sms-credentials';

/** The local SMS callback token's file in a data folder (the deployed stack keeps its token in a secret). */
export const CALLBACK_TOKEN_FILE = 'sms-callback-token';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The secret path token `tanfang serve` checks provider callbacks against: read from the data
 * folder, or created there on first use — 48 random letters and digits like the stack's, in a
 * file only its owner can read. `wx` never overwrites a token another process just wrote.
 */
export function localCallbackToken(dataDir: string): string {
  const file = join(dataDir, CALLBACK_TOKEN_FILE);
  try {
    return parseCallbackToken(readFileSync(file, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = Array.from({ length: 48 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseCallbackToken(readFileSync(file, 'utf8').trim());
  }
  return token;
}
