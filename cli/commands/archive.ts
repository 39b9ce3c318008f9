import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { elderArchive } from '../../shared/app/archive';
import { archiveHtml } from '../../shared/adapters/archive/archive-html';
import { htmlToPdf } from '../../shared/adapters/archive/pdf';
import { writeReportFile } from '../../shared/adapters/report-files/write';
import { loadRegion } from '../../shared/config/load';
import { requireOption, UsageError, writeLine } from '../io';
import type { CliIo } from '../io';
import { withLocalStore } from '../local-store';
import { cliPrincipal } from '../principal';
import { progressOn } from '../progress';

export const USAGE = 'tanfang archive --data <dir> --region <name> --elder <id> --purpose <why> --out <file.pdf|file.html|file.json> [--by <personId>] [--at <time>] [--quiet]';

/** `tanfang archive`: one elder's file (一人一档) as a printable A4 PDF or HTML page, or JSON; recorded in the audit table with the purpose. */
export async function archiveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, region: { type: 'string' }, elder: { type: 'string' }, purpose: { type: 'string' }, out: { type: 'string' }, by: { type: 'string' }, at: { type: 'string' }, quiet: { type: 'boolean' } },
    strict: true,
  });
  if (argv.length === 0) throw new UsageError(USAGE);
  const runtime = loadRegion(requireOption(values, 'region', 'e.g. sichuan'));
  const elderId = requireOption(values, 'elder', 'the elder id, e.g. E000032');
  const purpose = requireOption(values, 'purpose', 'why the archive is printed, e.g. 季度督导检查; it is recorded');
  if (purpose.trim().length < 2) throw new UsageError('--purpose must say why, in at least 2 characters');
  const out = requireOption(values, 'out', 'a .pdf, .html or .json file');
  const format = /\.pdf$/i.test(out) ? 'pdf' : /\.html?$/i.test(out) ? 'html' : /\.json$/i.test(out) ? 'json' : undefined;
  if (!format) throw new UsageError(`--out must end in .pdf, .html or .json, got ${out}`);
  const progress = progressOn(io.stderr, values.quiet);
  progress.step(`gathering the file of ${elderId}…`);
  return withLocalStore(values.data, values.at, async (repos, clock) => {
    const principal = await cliPrincipal(repos.people, runtime.config, values.by, false);
    const archive = await elderArchive({ ...repos, clock, runtime }, { principal, elderId, purpose: purpose.trim(), requestId: `cli-${randomUUID()}` });
    const html = archiveHtml(archive);
    if (format === 'pdf') progress.step(`printing ${archive.visits.length} visit records to PDF (headless Chromium)…`);
    await writeReportFile(out, format === 'json' ? `${JSON.stringify(archive, null, 2)}\n` : format === 'html' ? html : await htmlToPdf(html));
    writeLine(io.stderr, `archive of ${elderId} (${archive.visits.length} visit records) written to ${out}`);
    return 0;
  });
}
