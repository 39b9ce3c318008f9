import { recordLeave } from '../../shared/app/visitor-leave';
import { writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount, StoreOptionValues } from '../program/mount';
import { cliPrincipal } from '../principal';
import { regionOf, withStore } from '../store';

interface ListOptions extends StoreOptionValues {
  visitor: string;
}

interface RecordOptions extends ListOptions {
  from: string;
  to: string;
  cover?: string;
  reason?: string;
  by?: string;
}

async function record(o: RecordOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  return withStore(o, async (repos, clock) => {
    const principal = await cliPrincipal(repos.people, runtime.config, o.by, false);
    const request = { from: o.from, to: o.to, ...(o.cover ? { coverId: o.cover } : {}), ...(o.reason ? { reason: o.reason } : {}) };
    writeLine(io.stdout, await recordLeave({ ...repos, clock, runtime }, { principal, visitorId: o.visitor, request }));
    return 0;
  });
}

async function list(o: ListOptions, io: CliIo): Promise<number> {
  return withStore(o, async (repos) => {
    for (const leave of (await repos.leaves.forVisitor(o.visitor)).leaves) writeLine(io.stdout, leave);
    return 0;
  });
}

/** 请假登记 on a local database or a deployed region: the same use case as POST /people/{id}/leave. */
export const mountLeave: Mount = (program, io, setCode) => {
  const leave = program.command('leave').description('a visitor’s leave (请假) and the colleague who covers it (代班)');
  const recording = 'tanfang leave record --data .tanfang/db --region sichuan --visitor vis-510108001001-1 --from 2026-11-10 --to 2026-11-16 --cover vis-510108001001-2 --by ins-510108001';
  withExamples(leave, [recording, 'tanfang leave list --stack Tanfang-sichuan --visitor vis-510108001001-1']);

  const rec = storeOptions(leave.command('record').description('record a leave; the colleague covering it takes the visitor’s open tasks of those days'))
    .requiredOption('--visitor <personId>', 'the visitor on leave')
    .requiredOption('--from <YYYY-MM-DD>', 'the first day away')
    .requiredOption('--to <YYYY-MM-DD>', 'the last day away')
    .option('--cover <personId>', 'the colleague who covers (代班)')
    .option('--reason <text>', 'why, for the record')
    .option('--by <personId>', 'who records it, on the roster (default: the office’s administrator)');
  withExamples(rec, [recording]);
  rec.action(exitWith(setCode, () => record(rec.opts<RecordOptions>(), io)));

  const listing = storeOptions(leave.command('list').description('a visitor’s leaves'), { region: false }).requiredOption('--visitor <personId>', 'the visitor');
  withExamples(listing, ['tanfang leave list --data .tanfang/db --visitor vis-510108001001-1', 'tanfang leave list --stack Tanfang-sichuan --visitor vis-510108001001-1']);
  listing.action(exitWith(setCode, () => list(listing.opts<ListOptions>(), io)));
};
