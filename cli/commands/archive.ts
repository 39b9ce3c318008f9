import { randomUUID } from 'node:crypto';
import { elderArchive } from '../../shared/app/archive';
import { archiveHtml } from '../../shared/adapters/archive/archive-html';
import { htmlToPdf } from '../../shared/adapters/archive/pdf';
import { writeReportFile } from '../../shared/adapters/report-files/write';
import { UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { exitWith, storeOptions, withExamples } from '../program/mount';
import type { Mount, StoreOptionValues } from '../program/mount';
import { cliPrincipal } from '../principal';
import { progressOn } from '../progress';
import { regionOf, withStore } from '../store';

interface ArchiveOptions extends StoreOptionValues {
  elder: string;
  purpose: string;
  out: string;
  by?: string;
  quiet?: boolean;
}

const formatOf = (out: string) => (/\.pdf$/i.test(out) ? 'pdf' : /\.html?$/i.test(out) ? 'html' : /\.json$/i.test(out) ? 'json' : undefined);

/**
 * One elder's file (一人一档) from the local database or the stack's tables (the archive table
 * holds the closed tasks the hot table let expire), rendered here: HTML, JSON, or PDF through
 * headless Chromium. The read is recorded in the audit table with its purpose first.
 */
async function archive(o: ArchiveOptions, io: CliIo): Promise<number> {
  const runtime = regionOf(o);
  const purpose = o.purpose.trim();
  if (purpose.length < 2) throw new UsageError('--purpose must say why, in at least 2 characters');
  const format = formatOf(o.out);
  if (!format) throw new UsageError(`--out must end in .pdf, .html or .json, got ${o.out}`);
  const progress = progressOn(io.stderr, o.quiet);
  progress.step(`gathering the file of ${o.elder}…`);
  return withStore(o, async (repos, clock) => {
    const principal = await cliPrincipal(repos.people, runtime.config, o.by, false);
    const file = await elderArchive({ ...repos, clock, runtime }, { principal, elderId: o.elder, purpose, requestId: `cli-${randomUUID()}` });
    const html = archiveHtml(file);
    if (format === 'pdf') progress.step(`printing ${file.visits.length} visit records to PDF (headless Chromium)…`);
    await writeReportFile(o.out, format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : format === 'html' ? html : await htmlToPdf(html));
    writeLine(io.stderr, `archive of ${o.elder} (${file.visits.length} visit records) written to ${o.out}`);
    return 0;
  });
}

/** `tanfang archive`: an elder's file (一人一档) as a printable A4 PDF or HTML page, or JSON. */
export const mountArchive: Mount = (program, io, setCode) => {
  const cmd = storeOptions(program.command('archive').description('an elder’s file (一人一档) as a printable A4 PDF or HTML page'))
    .requiredOption('--elder <id>', 'the elder, e.g. E000032')
    .requiredOption('--purpose <why>', 'why the file is printed, e.g. 季度督导检查 (it is recorded)')
    .requiredOption('--out <file>', 'a .pdf, .html or .json file')
    .option('--by <personId>', 'who prints it, a supervisor of the elder’s area on the roster (default: the office’s administrator)')
    .option('--quiet', 'no progress lines on stderr');
  withExamples(cmd, [
    'tanfang archive --data .tanfang/db --region sichuan --elder E000032 --purpose 季度督导检查 --out E000032.pdf',
    'tanfang archive --stack Tanfang-sichuan --profile sichuan-admin --elder E000032 --purpose 季度督导检查 --out E000032.pdf --by ins-510108001',
  ]);
  cmd.action(exitWith(setCode, () => archive(cmd.opts<ArchiveOptions>(), io)));
};
