import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { readRowsFromBytes } from '../../shared/adapters/ledger-files/read-bytes';
import { ulidGenerator } from '../../shared/adapters/system';
import { importLedgerUpload, startLedgerUpload } from '../../shared/app/ledger-upload';
import type { UploadReport } from '../../shared/app/ledger-upload';
import { LEDGER_FILE_TYPES } from '../../shared/domain/ledger/upload';
import { ValidationError } from '../../shared/domain/validation';
import type { Clock } from '../../shared/ports';
import type { StackSession } from './session';

/** PUTs the bytes to a presigned URL; the S3 answer's status decides. */
export type PresignedPut = (url: string, headers: Record<string, string>, body: Buffer) => Promise<{ ok: boolean; status: number }>;

export const fetchPut: PresignedPut = async (url, headers, body) => {
  const answer = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) }, body: new Uint8Array(body) });
  return { ok: answer.ok, status: answer.status };
};

function contentTypeOf(file: string): keyof typeof LEDGER_FILE_TYPES {
  const type = (Object.keys(LEDGER_FILE_TYPES) as (keyof typeof LEDGER_FILE_TYPES)[]).find((t) => file.toLowerCase().endsWith(LEDGER_FILE_TYPES[t]));
  if (!type) throw new ValidationError('ledger file', [{ field: 'file', rule: `${basename(file)} must end in .csv or .xlsx (save .xls files as .xlsx first)` }]);
  return type;
}

/**
 * A ledger import on a deployed region goes the way the field app's does: the file is PUT to the
 * upload bucket with a presigned URL (checked there for its declared type and length), then
 * imported once by the same use case, which keeps the row report on the upload. The bytes never
 * pass through the API's 6 MB request limit, and a killed import is taken over by a rerun.
 */
export async function importThroughUpload(
  session: StackSession,
  input: { file: string; by: string; clock: Clock; put?: PresignedPut; onStep?: (step: string) => void; onProgress?: (done: number, total: number) => void },
): Promise<UploadReport & { uploadId: string }> {
  const size = (await stat(input.file)).size;
  const deps = { ...session.repos, clock: input.clock, runtime: session.runtime, idKey: session.idKey, storage: session.storage, ids: ulidGenerator(), readRows: readRowsFromBytes, onProgress: input.onProgress };
  const started = await startLedgerUpload(deps, input.by, { fileName: basename(input.file), contentType: contentTypeOf(input.file), size });
  input.onStep?.(`uploading ${size} bytes to the stack's upload bucket (upload ${started.uploadId})`);
  const put = await (input.put ?? fetchPut)(started.url, started.headers, await readFile(input.file));
  if (!put.ok) throw new Error(`the upload bucket refused the file (HTTP ${put.status}); upload ${started.uploadId} stays pending and expires`);
  const upload = await session.repos.uploads.get(started.uploadId);
  if (!upload) throw new Error(`upload ${started.uploadId} vanished before its import`);
  input.onStep?.(`importing upload ${started.uploadId}`);
  return { uploadId: started.uploadId, ...(await importLedgerUpload(deps, upload)) };
}
