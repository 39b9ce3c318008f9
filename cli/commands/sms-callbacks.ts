import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dedupeKey } from '../../shared/adapters/sms/callback-body';
import { localCallbackToken } from '../../shared/adapters/local/callback-token';
import { handleReplies } from '../../shared/app/sms-replies';
import { recipientDeliveries } from '../../shared/app/recipient-deliveries';
import { loadRegion } from '../../shared/config/load';
import { normalisePhone } from '../../shared/domain/elder/phone';
import { toInstant } from '../../shared/domain/time/instant';
import { ValidationError } from '../../shared/domain/validation';
import { smsCallbackPath } from '../../shared/http/sms-callbacks';
import type { SmsCallbackProvider } from '../../shared/http/sms-callbacks';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';

/** Where `simulate --data` and `serve` are usually pointed (the README's examples). */
const DEFAULT_DATA = '.tanfang/db';

export const SMS_CALLBACK_USAGE = `tanfang sms reply --from <phone> --text <text> [--data ${DEFAULT_DATA}] [--region sichuan] [--at <time>]
tanfang sms deliveries --data <dir> (--person <personId> | --elder <elderId>) --by <personId> [--limit 50] [--cursor <next>]
tanfang sms callback-url --data <dir> --region <name> [--base http://127.0.0.1:8787]`;

/**
 * `sms reply`: a text from a phone, as a provider's reply callback would post it (`1` to a
 * digest acknowledges its tasks; to a family notice records that the family made contact).
 * `sms deliveries`: the SMS a person or an elder's family got and their delivery.
 * `sms callback-url`: the receipt and reply URLs `tanfang serve` answers, with the data folder's token.
 */
export async function smsCallbackCommand(sub: string, argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      text: { type: 'string' },
      data: { type: 'string' },
      region: { type: 'string' },
      at: { type: 'string' },
      person: { type: 'string' },
      elder: { type: 'string' },
      by: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      base: { type: 'string', default: 'http://127.0.0.1:8787' },
    },
    strict: true,
  });
  if (sub === 'reply') return reply(values, io);
  if (sub === 'deliveries') return deliveries(values, io);
  const dir = requireOption(values, 'data', 'the folder `tanfang serve --data` uses');
  if (!existsSync(dir)) throw new UsageError(`--data ${dir} does not exist`);
  const { provider } = loadRegion(requireOption(values, 'region', 'e.g. sichuan')).config.sms;
  const providers: SmsCallbackProvider[] = provider === 'aliyun' || provider === 'tencent' ? [provider] : ['aliyun', 'tencent'];
  const token = localCallbackToken(dir);
  for (const p of providers) for (const route of ['receipts', 'replies'] as const) writeLine(io.stdout, { provider: p, route, url: `${values.base.replace(/\/$/, '')}${smsCallbackPath(p, token, route)}` });
  return 0;
}

async function reply(values: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const phone = normalisePhone(requireOption(values, 'from', 'the phone the reply came from, e.g. 13812345678'));
  if (!phone.ok) throw new ValidationError('reply', [{ field: 'from', rule: phone.message }]);
  const text = requireOption(values, 'text', 'what the phone sent, e.g. 1');
  if (Array.from(text).length > 2000) throw new ValidationError('reply', [{ field: 'text', rule: 'must be at most 2000 characters (a provider forwards no more)' }]);
  const runtime = loadRegion(values.region ?? 'sichuan');
  return withLocalStore(values.data ?? DEFAULT_DATA, values.at, async (repos, clock) => {
    const at = toInstant(clock.now());
    const key = dedupeKey('local', 'reply', [phone.value, at, text]);
    const report = await handleReplies({ ...repos, clock, runtime }, [{ provider: 'local', phone: phone.value, text, at, dedupeKey: key }]);
    writeLine(io.stdout, { reply: key, outcome: (await repos.callbackLog.get('reply', key))?.outcome, ...report });
    return 0;
  });
}

async function deliveries(values: Record<string, string | undefined>, io: CliIo): Promise<number> {
  if ((values.person === undefined) === (values.elder === undefined)) throw new UsageError(`name one recipient: --person <personId> or --elder <elderId>\n${SMS_CALLBACK_USAGE}`);
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError(`--limit must be a whole number from 1 to 200, got "${values.limit}"`);
  const by = requireOption(values, 'by', 'the supervisor or administrator reading');
  return withLocalStore(values.data, values.at, async (repos) => {
    const recipient = values.person !== undefined ? { personId: values.person } : { elderId: values.elder! };
    const page = await recipientDeliveries(repos, await repos.people.get(by), { ...recipient, limit, cursor: values.cursor });
    if (!page)
      throw new ValidationError('deliveries', [{ field: values.person !== undefined ? 'person' : 'elder', rule: `no ${values.person !== undefined ? `person ${values.person} on the roster` : `elder ${values.elder} in the ledger`}` }]);
    for (const row of page.messages) writeLine(io.stdout, row);
    if (page.next) writeLine(io.stderr, `more: --cursor '${page.next}'`);
    return 0;
  });
}
