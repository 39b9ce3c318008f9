import { parseArgs } from 'node:util';
import { recordVisit } from '../../shared/app/record-visit';
import { loadRegion } from '../../shared/config/load';
import { readLines, requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';

/**
 * `tanfang visit record`: records one visit form (JSON on stdin, the 探访关爱服务记录表 fields)
 * through the same use case the API will use, and prints whether it completed the task.
 */
export async function visitCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'record') throw new UsageError('tanfang visit record --data <dir> --region <name> [--at <time>]   (the visit form as JSON on stdin)');
  const { values } = parseArgs({ args: rest, options: { data: { type: 'string' }, region: { type: 'string' }, at: { type: 'string' } }, strict: true });
  const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  const lines: string[] = [];
  for await (const { line } of readLines(io.stdin)) lines.push(line);
  let form: unknown;
  try {
    form = JSON.parse(lines.join('\n'));
  } catch {
    throw new UsageError('stdin must hold one visit form as JSON');
  }
  return withLocalStore(values.data, values.at, async (repos, clock) => {
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
