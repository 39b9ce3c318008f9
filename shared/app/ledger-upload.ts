import { LEDGER_FILE_TYPES, MAX_UPLOAD_BYTES, UPLOAD_URL_MINUTES, uploadRequestSchema } from '../domain/ledger/upload';
import { toInstant, toMillis } from '../domain/time/instant';
import { parseOrThrow } from '../domain/validation';
import type { BadCell } from './ledger-rows';
import type { Clock, IdGenerator, LedgerStorage, LedgerUpload, UploadRepository } from '../ports';

/**
 * What the API needs of uploads: it presigns and answers the status, and never reads a sheet
 * (the import-ledger function does, when the file lands), so its bundle carries no sheet reader.
 */
export interface LedgerUploadDeps {
  uploads: UploadRepository;
  storage: LedgerStorage;
  ids: IdGenerator;
  clock: Clock;
}

/** Why an upload cannot be started (the HTTP layer answers 409). */
export class UploadConflictError extends Error {
  override readonly name = 'UploadConflictError';
}

/** What an import leaves on its upload: the row report, with at most MAX_REPORTED_CELLS bad cells. */
export interface UploadReport {
  created: number;
  updated: number;
  unchanged: number;
  dataRows: number;
  badRows: number;
  unknownHeaders: string[];
  /** Bad cells in all; `bad` lists the first MAX_REPORTED_CELLS. */
  badCells: number;
  bad: BadCell[];
}

/**
 * Starts an upload: checks the declared name, type and size, records who started it, and
 * answers where to PUT the file (straight to storage: the API never carries the bytes). The
 * file's arrival starts its import (an S3 event in AWS, the local server's PUT locally).
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

/** Whether an upload's URL has expired with nothing imported (for the status answer). */
export const isExpired = (upload: LedgerUpload, now: Date) => upload.status === 'pending' && toMillis(upload.expiresAt) < now.getTime();

/**
 * An upload as the API and the CLI answer it: pending (waiting for the file, or queued for its
 * import), importing, imported with its report, rejected with the reason (and in Chinese), or
 * expired (the URL lapsed before any file arrived).
 */
export function uploadStatusOf(upload: LedgerUpload, now: Date) {
  return {
    uploadId: upload.uploadId,
    fileName: upload.fileName,
    status: isExpired(upload, now) ? ('expired' as const) : upload.status,
    ...(upload.reason ? { reason: upload.reason } : {}),
    ...(upload.message ? { message: upload.message } : {}),
    ...(upload.report ? { report: upload.report as unknown as UploadReport } : {}),
    ...(upload.status === 'importing' && upload.progress ? { progress: upload.progress } : {}),
  };
}
