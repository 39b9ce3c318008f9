import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ingestAlert } from '../../shared/app/ingest-alert';
import { applyOccasionsThroughJobs, LocalJobs } from '../simulation/local-jobs';
import { ValidationError } from '../../shared/domain/validation';
import { readLines, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { regionOf, withStore } from '../store';
import type { StoreValues } from '../store';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount } from '../program/mount';

/**
 * `tanfang alert ingest`: the same use cases as the ingest-alert and apply-occasion functions,
 * on a local database: validates the warning, records it once, applies it through the local
 * jobs queue and the job-worker handler (part by part, as in the stack), prints what it did.
 * `tanfang alert show`: an occasion and its counters (tasks, notices sent, failed, held).
 */
export const mountAlert: Mount = (program, io, setCode) => {
  const alert = program.command('alert').description('take a CAP 1.2 / JSON weather warning and apply it; show an occasion');
  withExamples(alert, ['tanfang alert ingest --data .tanfang/db --region sichuan warning.xml', 'tanfang alert show --stack Tanfang-sichuan --id alert:51010841600000_20260720100000']);
  const ingest: Command = storeOptions(alert.command('ingest').description('validate a warning, record it once, apply it and print what it did')).argument('[file]', 'the warning, .xml (CAP 1.2) or .json; stdin when absent');
  withExamples(ingest, ['tanfang alert ingest --data .tanfang/db --region sichuan warning.xml', 'tanfang alert ingest --stack Tanfang-sichuan < warning.json']).action(
    exitWith(setCode, () => ingestAlertFile(ingest.processedArgs[0] as string | undefined, ingest.opts<StoreValues>(), io)),
  );
  const show: Command = storeOptions(alert.command('show').description('an occasion and its counters (tasks, notices sent, failed, held)')).requiredOption('--id <occasionId>', 'e.g. alert:51010841600000_20260720100000');
  withExamples(show, ['tanfang alert show --stack Tanfang-sichuan --id alert:51010841600000_20260720100000']).action(
    exitWith(setCode, async () => {
      const values = show.opts<StoreValues & { id: string }>();
      return withStore(values, async (repos) => {
        const occasion = await repos.occasions.get(values.id);
        if (!occasion) throw new UsageError(`no occasion ${values.id} in ${values.stack ?? values.data}`);
        writeLine(io.stdout, { occasion, stats: await repos.occasions.stats(values.id) });
        return 0;
      });
    }),
  );
};

async function ingestAlertFile(file: string | undefined, values: StoreValues, io: CliIo): Promise<number> {
  const runtime = regionOf(values, 'e.g. sichuan');
  let body: string;
  if (file) body = readAlertFile(file);
  else {
    const lines: string[] = [];
    for await (const { line } of readLines(io.stdin)) lines.push(line);
    body = lines.join('\n');
  }
  return withStore(values, async (repos, clock) => {
    const result = await ingestAlert({ occasions: repos.occasions, clock, runtime }, { body, contentType: file?.endsWith('.xml') ? 'application/xml' : undefined });
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
