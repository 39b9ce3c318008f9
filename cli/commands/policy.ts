import { parseArgs } from 'node:util';
import { planNextPeriod } from '../../shared/domain/cadence/plan';
import type { GenerationCursor } from '../../shared/domain/cadence/plan';
import { elderProfileSchema } from '../../shared/domain/elder/profile';
import type { ElderProfile } from '../../shared/domain/elder/profile';
import { classify } from '../../shared/domain/policy/classify';
import type { Policy } from '../../shared/domain/policy/policy';
import type { HomeRefusalNote } from '../../shared/domain/policy/home-refusal';
import { isLocalDate } from '../../shared/domain/time/local-date';
import { formatIssues, issuesToText } from '../../shared/domain/validation';
import { loadRegion } from '../../shared/config/load';
import { describePolicy } from '../policy-text';
import { describeCareLoop } from '../care-loop-text';
import { readLines, requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';

export const USAGE = `tanfang policy classify --region <name> --as-of <YYYY-MM-DD>   (JSON Lines profiles on stdin)
tanfang policy windows --region <name> --from <YYYY-MM-DD> --to <YYYY-MM-DD>   (one profile on stdin)
tanfang policy show --region <name>`;

function dateOption(values: Record<string, unknown>, name: string): string {
  const value = requireOption(values, name, 'a date YYYY-MM-DD');
  if (!isLocalDate(value)) throw new UsageError(`--${name} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

export async function policyCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { region: { type: 'string' }, 'as-of': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    strict: true,
  });
  const region = requireOption(values, 'region', 'e.g. sichuan');
  const { policy, config } = loadRegion(region);
  switch (sub) {
    case 'classify':
      return classifyLines(policy, dateOption(values, 'as-of'), io);
    case 'windows':
      return printWindows(policy, dateOption(values, 'from'), dateOption(values, 'to'), io);
    case 'show':
      writeLine(io.stdout, `${describePolicy(policy)}\n\n${describeCareLoop(config)}`);
      return 0;
    default:
      throw new UsageError(`unknown policy command "${sub ?? ''}"\n${USAGE}`);
  }
}

function parseProfile(line: string): { ok: true; profile: ElderProfile } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: '(line): not valid JSON' };
  }
  const parsed = elderProfileSchema.safeParse(raw);
  return parsed.success ? { ok: true, profile: parsed.data } : { ok: false, error: issuesToText(formatIssues(parsed.error)) };
}

/** Classifies every good line; a bad line is reported on stderr and makes the exit code 1. */
async function classifyLines(policy: Policy, asOf: string, io: CliIo): Promise<number> {
  let bad = 0;
  for await (const { line, number } of readLines(io.stdin)) {
    if (line.trim() === '') continue;
    const parsed = parseProfile(line);
    if (!parsed.ok) {
      bad++;
      writeLine(io.stderr, `line ${number}: ${parsed.error}`);
      continue;
    }
    const c = classify(parsed.profile, policy, asOf);
    writeLine(
      io.stdout,
      c.eligible
        ? {
            id: parsed.profile.id,
            tier: c.tier,
            // A refusal of home visits says what completes the visits instead (the call-only methods).
            cadence: { period: c.cadence.period, visits: c.cadence.visits, homeRequired: c.cadence.homeRequired, ...(c.cadence.homeRefusal ? { methods: c.cadence.methods } : {}) },
            ...(c.needsAssessment ? { needsAssessment: true } : {}),
            ...(c.cadence.homeRefusal ? { homeVisits: 'refused', homeVisitRefusal: withoutAsked(c.cadence.homeRefusal) } : {}),
            reasons: c.reasons,
          }
        : { id: parsed.profile.id, tier: null, cadence: null, reasons: c.reasons },
    );
  }
  return bad === 0 ? 0 : 1;
}

const withoutAsked = ({ asked: _asked, ...refusal }: HomeRefusalNote) => refusal;

async function printWindows(policy: Policy, from: string, to: string, io: CliIo): Promise<number> {
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const lines: string[] = [];
  for await (const { line } of readLines(io.stdin)) if (line.trim() !== '') lines.push(line);
  if (lines.length !== 1) throw new UsageError(`policy windows reads exactly one profile on stdin, got ${lines.length}`);
  const parsed = parseProfile(lines[0]!);
  if (!parsed.ok) {
    writeLine(io.stderr, `line 1: ${parsed.error}`);
    return 1;
  }
  const elder = parsed.profile;
  let cursor: GenerationCursor | undefined;
  while (!cursor || cursor.through < to) {
    const planned = planNextPeriod(elder.id, cursor, from, (date) => {
      const c = classify(elder, policy, date);
      if (!c.eligible) throw new UsageError(c.reasons.join('; '));
      return { tier: c.tier, cadence: c.cadence };
    });
    for (const w of planned.windows.filter((x) => x.start <= to)) {
      writeLine(io.stdout, { ...w, tier: planned.tier, homeRequired: planned.cadence.homeRequired, methods: planned.cadence.methods });
    }
    cursor = planned.cursor;
  }
  return 0;
}
