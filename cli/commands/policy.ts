import type { Command } from 'commander';
import { planNextPeriod } from '../../shared/domain/cadence/plan';
import type { GenerationCursor } from '../../shared/domain/cadence/plan';
import { elderProfileSchema } from '../../shared/domain/elder/profile';
import type { ElderProfile } from '../../shared/domain/elder/profile';
import { classify } from '../../shared/domain/policy/classify';
import type { Policy } from '../../shared/domain/policy/policy';
import type { HomeRefusalNote } from '../../shared/domain/policy/home-refusal';
import { isLocalDate } from '../../shared/domain/time/local-date';
import { formatIssues, issuesToText } from '../../shared/domain/validation';
import { describePolicy } from '../policy-text';
import { describeCareLoop } from '../care-loop-text';
import { readLines, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';
import { regionOf } from '../store';

type RegionValues = { region?: string; stack?: string };

/** A calendar date an option names, checked before anything is read. */
export function dateOf(value: string, option: string): string {
  if (!isLocalDate(value)) throw new UsageError(`--${option} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** The region options of the commands on a region config alone: `--region`, or `--stack` naming it. */
export function regionOptions(command: Command): Command {
  return command.option('--region <name>', 'the region config, e.g. sichuan').option('--stack <Tanfang-name>', 'or the region config a deployed region was built from, e.g. Tanfang-sichuan');
}

/** Policies are code (region configs in review), so these read the bundled config only: no database, no AWS call. */
export const mountPolicy: Mount = (program, io, setCode) => {
  const policy = program.command('policy').description('region policies, classification and visit windows');
  withExamples(policy, ['tanfang policy show --region sichuan', 'tanfang policy classify --region sichuan --as-of 2026-11-23 < profiles.jsonl']);

  const classifying = regionOptions(policy.command('classify').description('classify elder profiles (JSON Lines on stdin): tier, cadence and why')).requiredOption('--as-of <YYYY-MM-DD>', 'the day the classification is for');
  withExamples(classifying, ['tanfang policy classify --region sichuan --as-of 2026-11-23 < profiles.jsonl']);
  classifying.action(
    exitWith(setCode, async () => {
      const o = classifying.opts<RegionValues & { asOf: string }>();
      return classifyLines(regionOf(o).policy, dateOf(o.asOf, 'as-of'), io);
    }),
  );

  const windows = regionOptions(policy.command('windows').description('the visit windows of one elder profile (stdin) between two dates'))
    .requiredOption('--from <YYYY-MM-DD>', 'the first day')
    .requiredOption('--to <YYYY-MM-DD>', 'the last day');
  withExamples(windows, ['tanfang policy windows --region sichuan --from 2026-11-01 --to 2026-12-31 < profile.json']);
  windows.action(
    exitWith(setCode, async () => {
      const o = windows.opts<RegionValues & { from: string; to: string }>();
      return printWindows(regionOf(o).policy, dateOf(o.from, 'from'), dateOf(o.to, 'to'), io);
    }),
  );

  const show = regionOptions(policy.command('show').description('the region’s policy and care loop in words'));
  withExamples(show, ['tanfang policy show --region sichuan', 'tanfang policy show --stack Tanfang-sichuan']);
  show.action(
    exitWith(setCode, async () => {
      const { policy: p, config } = regionOf(show.opts<RegionValues>());
      writeLine(io.stdout, `${describePolicy(p)}\n\n${describeCareLoop(config)}`);
      return 0;
    }),
  );
};

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
