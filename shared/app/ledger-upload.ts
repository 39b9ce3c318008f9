import { contentProblem, LEDGER_FILE_TYPES, MAX_REPORTED_CELLS, MAX_UPLOAD_BYTES, STALE_IMPORT_MINUTES, UPLOAD_URL_MINUTES, uploadRequestSchema } from '../domain/ledger/upload';
import type { LedgerFileType } from '../domain/ledger/upload';
import { toInstant, toMillis } from '../domain/time/instant';
import { parseOrThrow } from '../domain/validation';
import type { IdGenerator, LedgerStorage, LedgerUpload, UploadRepository } from '../ports';
import { importLedger, LedgerFileError } from './import-ledger';
import type { ImportLedgerDeps, ImportReport, SheetRowInput } from './import-ledger';

export interface LedgerUploadDeps extends ImportLedgerDeps {
  uploads: UploadRepository;
  storage: LedgerStorage;
  ids: IdGenerator;
  /** Reads a sheet's rows from its bytes (CSV or XLSX): the ledger-files adapter. */
  readRows: (bytes: Buffer, contentType: LedgerFileType) => Promise<SheetRowInput[]>;
}

/** Why an upload cannot be imported now (the HTTP layer answers 409). */
export class UploadConflictError extends Error {
  override readonly name = 'UploadConflictError';
}

/** What an import answers: the row report, with at most MAX_REPORTED_CELLS bad cells. */
export type UploadReport = Pick<ImportReport, 'created' | 'updated' | 'unchanged' | 'badRows' | 'bad' | 'dataRows' | 'unknownHeaders'> & { badCells: number };

/**
 * Starts an upload: checks the declared name, type and size, records who started it, and
 * answers where to PUT the file (straight to storage: the API never carries the bytes).
 */
export async function startLedgerUpload(deps: Pick<LedgerUploadDeps, 'uploads' | 'storage' | 'ids' | 'clock'>, ownerId: string, input: unknown) {
  const request = parseOrThrow(uploadRequestSchema, input, 'upload');
  const now = deps.clock.now();
  const uploadId = deps.ids.next();
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_MINUTES * 60_000);
  const upload: LedgerUpload = {
    uploadId,
    ownerId,
    fileName: request.fileName,
    contentType: request.contentType,
    size: request.size,
    key: `ledger/${uploadId}${LEDGER_FILE_TYPES[request.contentType]}`,
    status: 'pending',
    createdAt: toInstant(now),
    expiresAt: toInstant(expiresAt),
  };
  if (!(await deps.uploads.create(upload))) throw new UploadConflictError(`upload ${uploadId} already exists`);
  const target = await deps.storage.uploadTarget({ key: upload.key, contentType: upload.contentType, size: upload.size, expiresAt });
  return { uploadId, method: 'PUT' as const, url: target.url, headers: target.headers, expiresAt: upload.expiresAt, maxBytes: MAX_UPLOAD_BYTES };
}

/** The caller's upload, or undefined (someone else's upload looks exactly like no upload). */
export async function ownUpload(deps: Pick<LedgerUploadDeps, 'uploads'>, uploadId: string, by: string): Promise<LedgerUpload | undefined> {
  const upload = await deps.uploads.get(uploadId);
  return upload && upload.ownerId === by ? upload : undefined;
}

/**
 * Imports an uploaded file once, through the same use case as every ledger import.
 *
 * 1. Claims the upload (pending → importing; a claim older than STALE_IMPORT_MINUTES was
 *    killed half-way and is taken over: the import is idempotent by ID number).
 * 2. Checks the stored object: present, the declared size, bytes of the declared type.
 * 3. Imports the rows and keeps the row report on the upload; a second import is refused.
 */
export async function importLedgerUpload(deps: LedgerUploadDeps, upload: LedgerUpload): Promise<UploadReport> {
  if (upload.status === 'imported') throw new UploadConflictError(`upload ${upload.uploadId} was already imported at ${upload.finishedAt}; its report: GET /ledger/uploads/${upload.uploadId}`);
  if (upload.status === 'rejected') throw new UploadConflictError(`upload ${upload.uploadId} was refused (${upload.reason}); start a new upload`);
  const now = deps.clock.now();
  const stored = await deps.storage.size(upload.key);
  if (stored === undefined) throw new UploadConflictError(`the file of upload ${upload.uploadId} has not arrived: PUT it to the upload URL first`);
  const staleBefore = toInstant(new Date(now.getTime() - STALE_IMPORT_MINUTES * 60_000));
  if (!(await deps.uploads.claim(upload.uploadId, toInstant(now), staleBefore))) throw new UploadConflictError(`upload ${upload.uploadId} is being imported already`);
  const reject = async (reason: string): Promise<never> => {
    await deps.uploads.finish(upload.uploadId, { status: 'rejected', finishedAt: toInstant(deps.clock.now()), reason });
    throw new LedgerFileError(`${upload.fileName} ${reason}`);
  };
  if (stored !== upload.size) return reject(`is ${stored} bytes, not the ${upload.size} declared`);
  const bytes = await deps.storage.read(upload.key);
  const problem = contentProblem(bytes, upload.contentType as LedgerFileType);
  if (problem) return reject(problem);
  let rows: SheetRowInput[];
  try {
    rows = await deps.readRows(bytes, upload.contentType as LedgerFileType);
  } catch (error) {
    return reject(`could not be read as a sheet: ${(error as Error).message}`);
  }
  let report: ImportReport;
  try {
    report = await importLedger(deps, rows);
  } catch (error) {
    if (error instanceof LedgerFileError) return reject(error.message);
    // Anything else (storage, database) leaves the claim to go stale, so the import can be rerun.
    throw error;
  }
  const answer: UploadReport = {
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    badRows: report.badRows,
    dataRows: report.dataRows,
    unknownHeaders: report.unknownHeaders,
    badCells: report.bad.length,
    bad: report.bad.slice(0, MAX_REPORTED_CELLS),
  };
  await deps.uploads.finish(upload.uploadId, { status: 'imported', finishedAt: toInstant(deps.clock.now()), report: answer });
  return answer;
}

/** Whether an upload's URL has expired with nothing imported (for the status answer). */
export const isExpired = (upload: LedgerUpload, now: Date) => upload.status === 'pending' && toMillis(upload.expiresAt) < now.getTime();
