import { Option } from 'commander';
import type { Command } from 'commander';
import { drawSpotCheck, recordSpotCheck } from '../../shared/app/spot-check';
import { ulidGenerator } from '../../shared/adapters/system';
import { SPOT_CHECK_RESULTS } from '../../shared/domain/reports/spot-check-record';
import type { SpotCheckOutcome } from '../../shared/domain/reports/spot-check-record';
import { writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount, StoreOptionValues } from '../program/mount';
import { cliPrincipal } from '../principal';
import { regionOf, withStore } from '../store';

interface SampleOptions extends StoreOptionValues {
  township: string;
  month: string;
  by: string;
}

interface DrawOptions extends SampleOptions {
  seed?: string;
}

interface RecordOptions extends SampleOptions {
  elder: string;
  visit: string;
  result: SpotCheckOutcome;
  reached?: 'elder' | 'family';
  note?: string;
}

async function draw(o: DrawOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const principal = await cliPrincipal(repos.people, runtime.config, o.by, true);
    const { draw, results, created } = await drawSpotCheck({ ...repos, clock, runtime, ids: ulidGenerator() }, { principal, township: o.township, month: o.month, seed: o.seed });
    writeLine(io.stdout, JSON.stringify({ created, ...draw, results }, null, 2));
    return 0;
  });
}

async function record(o: RecordOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const principal = await cliPrincipal(repos.people, runtime.config, o.by, true);
    const r = await recordSpotCheck({ ...repos, clock, runtime, ids: ulidGenerator() }, { principal, township: o.township, month: o.month, elderId: o.elder, visitId: o.visit, result: o.result, reached: o.reached, note: o.note });
    writeLine(io.stdout, { ...r.result, recorded: r.recorded, verdict: r.review?.review.verdict, task: r.review?.task });
    return 0;
  });
}

/** The options both subcommands share: whose sample, which month, who acts. */
function onSample(command: Command): Command {
  return storeOptions(command)
    .requiredOption('--township <code>', 'a 9-digit township code, e.g. 510108001')
    .requiredOption('--month <YYYY-MM>', 'the month whose visits are sampled')
    .requiredOption('--by <personId>', 'the instructor or supervisor on the roster who does this (it is recorded)');
}

/** `tanfang spotcheck`: 抽查 — draw the month's sample of a township's visits, and record what each call found. */
export const mountSpotcheck: Mount = (program, io, setCode) => {
  const spotcheck = program.command('spotcheck').description('抽查: the month’s sample of a township’s visits, and each call’s result');
  const drawing = 'tanfang spotcheck draw --data .tanfang/db --region sichuan --township 510108001 --month 2026-11 --by ins-510108001';
  withExamples(spotcheck, [drawing, 'tanfang spotcheck record --help']);

  const drawCmd = onSample(spotcheck.command('draw').description('draw the month’s sample (once: a second draw shows the first)')).option('--seed <text>', 'the seed of the draw, for a draw that can be checked');
  withExamples(drawCmd, [drawing, 'tanfang spotcheck draw --stack Tanfang-sichuan --township 510108001 --month 2026-11 --by ins-510108001']);
  drawCmd.action(exitWith(setCode, () => draw(drawCmd.opts<DrawOptions>(), io)));

  const recordCmd = onSample(spotcheck.command('record').description('record what a call about a sampled visit found'))
    .requiredOption('--elder <id>', 'the elder called about')
    .requiredOption('--visit <id>', 'the sampled visit')
    .addOption(new Option('--result <result>', 'what the call found').choices(SPOT_CHECK_RESULTS).makeOptionMandatory())
    .addOption(new Option('--reached <whom>', 'whom the call reached').choices(['elder', 'family']))
    .option('--note <text>', 'a note kept with the result');
  withExamples(recordCmd, ['tanfang spotcheck record --data .tanfang/db --region sichuan --township 510108001 --month 2026-11 --elder E000032 --visit v-1 --result confirmed --reached family --by ins-510108001']);
  recordCmd.action(exitWith(setCode, () => record(recordCmd.opts<RecordOptions>(), io)));
};
