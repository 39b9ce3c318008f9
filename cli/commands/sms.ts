import { parseArgs } from 'node:util';
import { loadRegion } from '../../shared/config/load';
import { maskPhone } from '../../shared/domain/sms/mask';
import { clearInvalidNumber } from '../../shared/app/invalid-numbers';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';
import { catalogueJsonLines, catalogueText } from '../sms-catalogue-text';
import { SMS_CALLBACK_USAGE, smsCallbackCommand } from './sms-callbacks';

export const USAGE = `tanfang sms templates --region <name> [--json]
tanfang sms invalid-numbers --data <dir> [--limit 100]
tanfang sms invalid-numbers --data <dir> --clear <messageId> --by <personId> [--at <time>]
${SMS_CALLBACK_USAGE}`;

/**
 * `sms templates`: the catalogue as the office files it with its provider (JSON Lines with --json).
 * `sms invalid-numbers`: SMS that failed on an invalid number, for the office to fix the ledger;
 * `--clear` takes one off the list once the number is fixed. Replies, deliveries and callback
 * URLs: see sms-callbacks.ts.
 */
export async function smsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'reply' || sub === 'deliveries' || sub === 'callback-url') return smsCallbackCommand(sub, rest, io);
  const { values } = parseArgs({
    args: rest,
    options: { region: { type: 'string' }, json: { type: 'boolean', default: false }, data: { type: 'string' }, limit: { type: 'string' }, clear: { type: 'string' }, by: { type: 'string' }, at: { type: 'string' } },
    strict: true,
  });
  if (sub === 'templates') {
    const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
    if (values.json) for (const line of catalogueJsonLines(runtime)) writeLine(io.stdout, line);
    else writeLine(io.stdout, catalogueText(runtime));
    return 0;
  }
  if (sub !== 'invalid-numbers') throw new UsageError(USAGE);
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${values.limit}"`);
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    if (values.clear !== undefined) {
      const by = requireOption(values, 'by', 'the supervisor who fixed the ledger');
      await clearInvalidNumber({ ...repos, clock }, { messageId: values.clear, by });
      writeLine(io.stdout, { cleared: values.clear, by });
      return 0;
    }
    for (const entry of await repos.outbox.invalidNumbers(limit)) writeLine(io.stdout, { ...entry, phone: maskPhone(entry.phone) });
    return 0;
  });
}
