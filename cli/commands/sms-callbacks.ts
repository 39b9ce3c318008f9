import { existsSync } from 'node:fs';
import type { Command } from 'commander';
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
import { exitWith, storeOptions, withExamples } from '../program/mount';
import { regionOf, withStore } from '../store';
import type { StoreValues } from '../store';

/** Where `simulate --data` and `serve` are usually pointed (the README's examples). */
const DEFAULT_DATA = '.tanfang/db';

type Values = StoreValues & Record<string, string | undefined>;

/**
 * `sms reply`: a text from a phone, as a provider's reply callback would post it (`1` to a
 * digest acknowledges its tasks; to a family notice records that the family made contact).
 * `sms deliveries`: the SMS a person or an elder's family got and their delivery.
 * `sms callback-url`: the receipt and reply URLs `tanfang serve` answers, with the data folder's token.
 */
export function mountSmsCallbacks(sms: Command, io: CliIo, setCode: (code: number) => void): void {
  const replyCmd: Command = storeOptions(sms.command('reply').description('a text from a phone, as a provider’s reply callback posts it'))
    .requiredOption('--from <phone>', 'the phone the reply came from, e.g. 13812345678')
    .requiredOption('--text <text>', 'what the phone sent, e.g. 1');
  withExamples(replyCmd, [`tanfang sms reply --data ${DEFAULT_DATA} --from 13812345678 --text 1`, 'tanfang sms reply --stack Tanfang-sichuan --from 13812345678 --text 1']).action(exitWith(setCode, () => reply(replyCmd.opts<Values>(), io)));
  const deliveriesCmd: Command = storeOptions(sms.command('deliveries').description('the SMS a person or an elder’s family got, and their delivery'), { region: false })
    .option('--person <personId>', 'a person of the roster')
    .option('--elder <elderId>', 'an elder: what their family got')
    .requiredOption('--by <personId>', 'the supervisor or administrator reading')
    .option('--limit <n>', 'at most this many, 1 to 200', '50')
    .option('--cursor <next>', 'the next page, as the last page said');
  withExamples(deliveriesCmd, ['tanfang sms deliveries --stack Tanfang-sichuan --person vis-510108001001-1 --by ins-510108001']).action(exitWith(setCode, () => deliveries(deliveriesCmd.opts<Values>(), io)));
  const urlCmd: Command = sms
    .command('callback-url')
    .description('the receipt and reply URLs `tanfang serve` answers, with the data folder’s token')
    .requiredOption('--data <dir>', 'the folder `tanfang serve --data` uses')
    .requiredOption('--region <name>', 'the region config, e.g. sichuan')
    .option('--base <url>', 'where serve listens', 'http://127.0.0.1:8787');
  withExamples(urlCmd, [`tanfang sms callback-url --data ${DEFAULT_DATA} --region sichuan`]).action(
    exitWith(setCode, async () => {
      const values = urlCmd.opts<{ data: string; region: string; base: string }>();
      if (!existsSync(values.data)) throw new UsageError(`--data ${values.data} does not exist`);
      const { provider } = loadRegion(values.region).config.sms;
      const providers: SmsCallbackProvider[] = provider === 'aliyun' || provider === 'tencent' ? [provider] : ['aliyun', 'tencent'];
      const token = localCallbackToken(values.data);
      for (const p of providers) for (const route of ['receipts', 'replies'] as const) writeLine(io.stdout, { provider: p, route, url: `${values.base.replace(/\/$/, '')}${smsCallbackPath(p, token, route)}` });
      return 0;
    }),
  );
}

async function reply(values: Values, io: CliIo): Promise<number> {
  const phone = normalisePhone(requireOption(values, 'from', 'the phone the reply came from, e.g. 13812345678'));
  if (!phone.ok) throw new ValidationError('reply', [{ field: 'from', rule: phone.message }]);
  const text = requireOption(values, 'text', 'what the phone sent, e.g. 1');
  if (Array.from(text).length > 2000) throw new ValidationError('reply', [{ field: 'text', rule: 'must be at most 2000 characters (a provider forwards no more)' }]);
  // Locally the folder and config `simulate` and `serve` are usually pointed at, unless given.
  const where = values.stack === undefined ? { ...values, data: values.data ?? DEFAULT_DATA, region: values.region ?? 'sichuan' } : values;
  const runtime = regionOf(where);
  return withStore(where, async (repos, clock) => {
    const at = toInstant(clock.now());
    const key = dedupeKey('local', 'reply', [phone.value, at, text]);
    const report = await handleReplies({ ...repos, clock, runtime }, [{ provider: 'local', phone: phone.value, text, at, dedupeKey: key }]);
    writeLine(io.stdout, { reply: key, outcome: (await repos.callbackLog.get('reply', key))?.outcome, ...report });
    return 0;
  });
}

async function deliveries(values: Values, io: CliIo): Promise<number> {
  if ((values.person === undefined) === (values.elder === undefined)) throw new UsageError('name one recipient: --person <personId> or --elder <elderId>');
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new UsageError(`--limit must be a whole number from 1 to 200, got "${values.limit}"`);
  const by = requireOption(values, 'by', 'the supervisor or administrator reading');
  return withStore(values, async (repos) => {
    const recipient = values.person !== undefined ? { personId: values.person } : { elderId: values.elder! };
    const page = await recipientDeliveries(repos, await repos.people.get(by), { ...recipient, limit, cursor: values.cursor });
    if (!page)
      throw new ValidationError('deliveries', [{ field: values.person !== undefined ? 'person' : 'elder', rule: `no ${values.person !== undefined ? `person ${values.person} on the roster` : `elder ${values.elder} in the ledger`}` }]);
    for (const row of page.messages) writeLine(io.stdout, row);
    if (page.next) writeLine(io.stderr, `more: --cursor '${page.next}'`);
    return 0;
  });
}
