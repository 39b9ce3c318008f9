import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ulidGenerator } from '../../shared/adapters/system';
import { LedgerFileError } from '../../shared/app/import-ledger';
import { startLedgerUpload, uploadStatusOf } from '../../shared/app/ledger-upload';
import type { UploadReport } from '../../shared/app/ledger-upload';
import { LEDGER_FILE_TYPES } from '../../shared/domain/ledger/upload';
import { ValidationError } from '../../shared/domain/validation';
import type { Clock, UploadRepository } from '../../shared/ports';
import type { StackSession } from './session';

/** PUTs the bytes to a presigned URL; the S3 answer's status decides. */
export type PresignedPut = (url: string, headers: Record<string, string>, body: Buffer) => Promise<{ ok: boolean; status: number }>;

export const fetchPut: PresignedPut = async (url, headers, body) => {
  const answer = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) }, body: new Uint8Array(body) });
  return { ok: answer.ok, status: answer.status };
};

/** How the CLI waits for the import-ledger function: a status read every few seconds, for longer than the function may run. */
export interface ImportPolling {
  /** Waits between two reads of the status (a test passes one that does not sleep). */
  wait: (ms: number) => Promise<void>;
  intervalMs: number;
  /** Gives up after this long (the function runs at most 14 minutes, and may wait in its queue). */
  timeoutMs: number;
}

export const DEFAULT_POLLING: ImportPolling = { wait: (ms) => new Promise((done) => setTimeout(done, ms)), intervalMs: 3_000, timeoutMs: 20 * 60_000 };

function contentTypeOf(file: string): keyof typeof LEDGER_FILE_TYPES {
  const type = (Object.keys(LEDGER_FILE_TYPES) as (keyof typeof LEDGER_FILE_TYPES)[]).find((t) => file.toLowerCase().endsWith(LEDGER_FILE_TYPES[t]));
  if (!type) throw new ValidationError('ledger file', [{ field: 'file', rule: `${basename(file)} must end in .csv or .xlsx (save .xls files as .xlsx first)` }]);
  return type;
}

/**
 * A ledger import on a deployed region goes the way the field app's does: the file is PUT to the
 * upload bucket with a presigned URL (checked there for its declared type and length); its
 * arrival starts the import-ledger function, and the CLI polls the upload's status until the
 * row report (or the reason it was refused) is there. The bytes never pass through the API.
 */
export async function importThroughUpload(
  session: StackSession,
  input: { file: string; by: string; clock: Clock; put?: PresignedPut; polling?: ImportPolling; onStep?: (step: string) => void },
): Promise<UploadReport & { uploadId: string }> {
  const size = (await stat(input.file)).size;
  const started = await startLedgerUpload({ uploads: session.repos.uploads, storage: session.storage, ids: ulidGenerator(), clock: input.clock }, input.by, {
    fileName: basename(input.file),
    contentType: contentTypeOf(input.file),
    size,
  });
  input.onStep?.(`uploading ${size} bytes to the stack's upload bucket (upload ${started.uploadId})`);
  const put = await (input.put ?? fetchPut)(started.url, started.headers, await readFile(input.file));
  if (!put.ok) throw new Error(`the upload bucket refused the file (HTTP ${put.status}); upload ${started.uploadId} stays pending and expires`);
  input.onStep?.(`waiting for the stack to import upload ${started.uploadId}`);
  return { uploadId: started.uploadId, ...(await awaitImport(session.repos.uploads, started.uploadId, input.clock, input.polling ?? DEFAULT_POLLING, input.onStep)) };
}

/** Reads the upload's status until it is imported (its report) or rejected (a LedgerFileError with the reason, in Chinese too). */
export async function awaitImport(uploads: Pick<UploadRepository, 'get'>, uploadId: string, clock: Clock, polling: ImportPolling, onStep?: (step: string) => void): Promise<UploadReport> {
  let seen: string | undefined;
  for (let waited = 0; ; waited += polling.intervalMs) {
    const upload = await uploads.get(uploadId);
    if (!upload) throw new Error(`upload ${uploadId} vanished before its import`);
    const status = uploadStatusOf(upload, clock.now());
    if (status.status === 'imported' && status.report) return status.report;
    if (status.status === 'rejected') throw new LedgerFileError(`${status.reason ?? 'was refused'}${status.message ? `（${status.message}）` : ''}`);
    const step = status.progress ? `importing: ${status.progress.rowsDone} of ${status.progress.rowsTotal} good rows saved` : status.status === 'pending' ? 'queued for its import' : status.status;
    if (step !== seen) onStep?.(`upload ${uploadId}: ${step}`);
    seen = step;
    if (waited >= polling.timeoutMs)
      throw new Error(`upload ${uploadId} is still ${status.status} after ${Math.round(polling.timeoutMs / 60_000)} minutes: see its status later (GET /ledger/uploads/${uploadId}) or the import-ledger function's logs and dead letters`);
    await polling.wait(polling.intervalMs);
  }
}
