import type { Command } from 'commander';
import { loadRegion } from '../../shared/config/load';
import { maskPhone } from '../../shared/domain/sms/mask';
import { clearInvalidNumber } from '../../shared/app/invalid-numbers';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';
import { withStore } from '../store';
import type { StoreValues } from '../store';
import { catalogueJsonLines, catalogueText } from '../sms-catalogue-text';
import { mountSmsCallbacks } from './sms-callbacks';

/**
 * `sms templates`: the catalogue as the office files it with its provider (JSON Lines with --json).
 * `sms invalid-numbers`: SMS that failed on an invalid number, for the office to fix the ledger;
 * `--clear` takes one off the list once the number is fixed. Replies, deliveries and callback
 * URLs: see sms-callbacks.ts.
 */
export const mountSms: Mount = (program, io, setCode) => {
  const sms = program.command('sms').description('SMS templates to register, invalid numbers, replies, deliveries, callback URLs');
  withExamples(sms, ['tanfang sms templates --region sichuan', 'tanfang sms invalid-numbers --stack Tanfang-sichuan']);
  const templates: Command = sms.command('templates').description('the template catalogue as the office files it with its provider').requiredOption('--region <name>', 'the region config, e.g. sichuan').option('--json', 'JSON Lines');
  withExamples(templates, ['tanfang sms templates --region sichuan', 'tanfang sms templates --region sichuan --json > templates.jsonl']).action(
    exitWith(setCode, async () => {
      const values = templates.opts<{ region: string; json?: boolean }>();
      const runtime = loadRegion(values.region);
      if (values.json) for (const line of catalogueJsonLines(runtime)) writeLine(io.stdout, line);
      else writeLine(io.stdout, catalogueText(runtime));
      return 0;
    }),
  );
  const invalid: Command = storeOptions(sms.command('invalid-numbers').description('SMS that failed on an invalid number, for the office to fix the ledger; --clear takes one off the list'), { region: false })
    .option('--limit <n>', 'at most this many, 1 to 1000', '100')
    .option('--clear <messageId>', 'take this message off the list once the number is fixed')
    .option('--by <personId>', 'the supervisor who fixed the ledger (with --clear)');
  withExamples(invalid, ['tanfang sms invalid-numbers --stack Tanfang-sichuan', 'tanfang sms invalid-numbers --data .tanfang/db --clear <messageId> --by ins-510108001']).action(
    exitWith(setCode, async () => {
      const values = invalid.opts<StoreValues & { limit: string; clear?: string; by?: string }>();
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${values.limit}"`);
      if (values.clear !== undefined && values.by === undefined) throw new UsageError('--by is required (the supervisor who fixed the ledger)');
      return withStore(values, async (repos, clock) => {
        if (values.clear !== undefined) {
          await clearInvalidNumber({ ...repos, clock }, { messageId: values.clear, by: values.by! });
          writeLine(io.stdout, { cleared: values.clear, by: values.by });
          return 0;
        }
        for (const entry of await repos.outbox.invalidNumbers(limit)) writeLine(io.stdout, { ...entry, phone: maskPhone(entry.phone) });
        return 0;
      });
    }),
  );
  mountSmsCallbacks(sms, io, setCode);
};
