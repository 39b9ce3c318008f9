import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ingestAlert } from '../../shared/app/ingest-alert';
import { applyOccasionsThroughJobs, LocalJobs } from '../simulation/local-jobs';
import { ValidationError } from '../../shared/domain/validation';
import { readLines, requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, STORE_OPTIONS, withStore } from '../store';

export const USAGE = `tanfang alert ingest (--data <dir> --region <name> | --stack Tanfang-<name>) [--at <time>] [file.xml|file.json]   (stdin when no file)
tanfang alert show --data <dir>|--stack Tanfang-<name> --id <occasionId>`;

/**
 * `tanfang alert ingest`: the same use cases as the ingest-alert and apply-occasion functions,
 * on a local database: validates the warning, records it once, applies it through the local
 * jobs queue and the job-worker handler (part by part, as in the stack), prints what it did.
 * `tanfang alert show`: an occasion and its counters (tasks, notices sent, failed, held).
 */
export async function alertCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: { ...STORE_OPTIONS, region: { type: 'string' }, id: { type: 'string' } }, allowPositionals: true, strict: true });
  if (sub === 'show') {
    const id = requireOption(values, 'id', 'e.g. alert:51010841600000_20260720100000');
    return withStore(values, async (repos) => {
      const occasion = await repos.occasions.get(id);
      if (!occasion) throw new UsageError(`no occasion ${id} in ${values.data}`);
      writeLine(io.stdout, { occasion, stats: await repos.occasions.stats(id) });
      return 0;
    });
  }
  if (sub !== 'ingest') throw new UsageError(USAGE);
  const runtime = regionOf(values, 'e.g. sichuan');
  let body: string;
  if (positionals[0]) body = readAlertFile(positionals[0]);
  else {
    const lines: string[] = [];
    for await (const { line } of readLines(io.stdin)) lines.push(line);
    body = lines.join('\n');
  }
  return withStore(values, async (repos, clock) => {
    const result = await ingestAlert({ occasions: repos.occasions, clock, runtime }, { body, contentType: positionals[0]?.endsWith('.xml') ? 'application/xml' : undefined });
    // As in the stack: apply-occasion plans the parts onto the jobs queue, the job worker drains them.
    const jobs = new LocalJobs({ ...repos, clock, runtime });
    const [applied] = result.apply ? await applyOccasionsThroughJobs(jobs, { ...repos, clock, runtime }, [result.occasionId]) : [];
    writeLine(io.stdout, { ...result, applied, ...(result.apply ? { jobInvocations: jobs.invocations } : {}) });
    return 0;
  });
}

/** The warning file's text, or a ValidationError saying why it cannot be read (exit 1, no stack trace). */
function readAlertFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError('weather alert', [{ field: '(file)', rule: `${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
}
