import { Option } from 'commander';
import { addNeedMeasure, listNeeds, moveMeasureOf } from '../../shared/app/needs';
import { canSupervise } from '../../shared/domain/access/access';
import { ForbiddenError } from '../../shared/app/supervise';
import { MEASURE_STATES } from '../../shared/domain/care/measure';
import type { MeasureState } from '../../shared/domain/care/measure';
import type { RecordedMeasureState } from '../../shared/domain/care/need';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount, StoreOptionValues } from '../program/mount';
import { cliPrincipal } from '../principal';
import { regionOf, withStore } from '../store';

/** The states a measure can be recorded in; `followed_up` only comes from a follow-up's outcome. */
const RECORDED: readonly RecordedMeasureState[] = ['planned', 'in_progress', 'done', 'referred'];

interface ListOptions extends StoreOptionValues {
  elder?: string;
  area?: string;
  all?: boolean;
  as?: string;
}

interface StepOptions extends StoreOptionValues {
  elder: string;
  need: string;
  by: string;
  note?: string;
}

interface AddOptions extends StepOptions {
  description: string;
  state: RecordedMeasureState;
}

interface MoveOptions extends StepOptions {
  measure: string;
  to: MeasureState;
}

async function list(o: ListOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  if (!o.area && !o.elder) throw new UsageError('--elder is required (an elder id, or --area)');
  return withStore(o, async (repos, clock) => {
    const p = await cliPrincipal(repos.people, runtime.config, o.as, false);
    if (o.area) {
      const decision = canSupervise(p, o.area);
      if (!decision.allowed) throw new ForbiddenError(`${p.personId} ${decision.reason}`);
      let cursor: string | undefined;
      do {
        const page = await repos.needs.openInArea(o.area, 200, cursor);
        for (const need of page.items) writeLine(io.stdout, need);
        cursor = page.next;
      } while (cursor);
      return 0;
    }
    for (const need of await listNeeds({ ...repos, clock, runtime }, p, o.elder!, o.all ?? false)) writeLine(io.stdout, need);
    return 0;
  });
}

async function step(o: AddOptions | MoveOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const deps = { ...repos, clock, runtime };
    const p = await cliPrincipal(repos.people, runtime.config, o.by, true);
    const key = { elderId: o.elder, needKey: o.need };
    const result = 'state' in o ? await addNeedMeasure(deps, p, { ...key, description: o.description, state: o.state, note: o.note }) : await moveMeasureOf(deps, p, { ...key, measureId: o.measure, to: o.to, note: o.note });
    writeLine(io.stdout, { need: result.need.needKey, measure: result.measure, followUp: result.followUp });
    return 0;
  });
}

/**
 * `tanfang needs`: an elder's needs and their measures (闭环管理), on a local database or a
 * deployed region, through the same use cases as the API: list them (the elder's, or an area's
 * open ones), add a measure, move one a step (a referral opens a follow-up for the township).
 */
export const mountNeeds: Mount = (program, io, setCode) => {
  const needs = program.command('needs').description('an elder’s needs and their measures (闭环管理); an area’s open needs');
  withExamples(needs, ['tanfang needs list --data .tanfang/db --region sichuan --area 510108001', 'tanfang needs add --help']);
  const onNeed = (name: string, description: string) =>
    storeOptions(needs.command(name).description(description))
      .requiredOption('--elder <id>', 'the elder, e.g. E000032')
      .requiredOption('--need <visitId.needId>', 'the need, as `needs list` prints its needKey')
      .requiredOption('--by <personId>', 'the person on the roster who does this (it is recorded)')
      .option('--note <text>', 'a note kept with the step');

  const listing = storeOptions(needs.command('list').description('an elder’s needs (open ones, or --all), or the open needs of an area'))
    .option('--elder <id>', 'the elder, e.g. E000032')
    .option('--all', 'the elder’s needs closed too')
    .option('--area <code>', 'an area’s open needs instead, e.g. 510108001')
    .option('--as <personId>', 'act as this person of the roster (default: the office’s administrator)');
  withExamples(listing, ['tanfang needs list --data .tanfang/db --region sichuan --area 510108001', 'tanfang needs list --stack Tanfang-sichuan --elder E000032 --as lia-510108001001']);
  listing.action(exitWith(setCode, () => list(listing.opts<ListOptions>(), io)));

  const add = onNeed('add', 'add a measure answering a need').requiredOption('--description <text>', 'what will be done').addOption(new Option('--state <state>', 'where the measure stands').choices(RECORDED).makeOptionMandatory());
  withExamples(add, ['tanfang needs add --data .tanfang/db --region sichuan --elder E000032 --need cli-visit-1.n1 --description 家属每周陪同洗澡 --state planned --by vis-510108001001-1']);
  add.action(exitWith(setCode, () => step(add.opts<AddOptions>(), io)));

  const move = onNeed('move', 'move a measure a step (a referral opens a follow-up for the township)')
    .requiredOption('--measure <m1>', 'the measure, m1, m2…')
    .addOption(new Option('--to <state>', 'the measure’s next state').choices(MEASURE_STATES).makeOptionMandatory());
  withExamples(move, ['tanfang needs move --stack Tanfang-sichuan --elder E000032 --need cli-visit-1.n1 --measure m2 --to done --by vis-510108001001-1']);
  move.action(exitWith(setCode, () => step(move.opts<MoveOptions>(), io)));
};
