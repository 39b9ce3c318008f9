import { recordVisit } from '../../shared/app/record-visit';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount, StoreOptionValues } from '../program/mount';
import { stdinText } from '../stdin';
import { regionOf, withStore } from '../store';

async function record(o: StoreOptionValues, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  let form: unknown;
  try {
    form = JSON.parse(await stdinText(io));
  } catch {
    throw new UsageError('stdin must hold one visit form as JSON');
  }
  return withStore(o, async (repos, clock) => {
    const result = await recordVisit({ ...repos, clock, runtime }, form);
    writeLine(io.stdout, {
      visitId: result.visit.visitId,
      sequence: result.visit.sequence,
      stored: result.stored,
      counted: result.visit.counted,
      late: result.visit.late ?? false,
      notCountedReason: result.visit.notCountedReason,
      flags: result.visit.flags ?? [],
      task: { state: result.task.state },
      emergency: result.followUps.emergency,
      unansweredNeeds: result.followUps.unansweredNeeds,
      referrals: result.followUps.referrals,
      followUp: result.followUps.followUp ? `${result.followUps.followUp.elderId}#${result.followUps.followUp.taskId}` : undefined,
    });
    return 0;
  });
}

/**
 * `tanfang visit record`: records one visit form (JSON on stdin, the 探访关爱服务记录表 fields)
 * through the same use case as the API, and prints whether it completed the task.
 */
export const mountVisit: Mount = (program, io, setCode) => {
  const visit = program.command('visit').description('record a visit form (JSON on stdin) against its task');
  const examples = ['tanfang visit record --data .tanfang/db --region sichuan < visit.json', 'tanfang visit record --stack Tanfang-sichuan --profile sichuan-admin < visit.json'];
  withExamples(visit, examples);
  const rec = storeOptions(visit.command('record').description('record one visit form, read as JSON from stdin (the fields of 探访关爱服务记录表)'));
  withExamples(rec, examples);
  rec.action(exitWith(setCode, () => record(rec.opts<StoreOptionValues>(), io)));
};
