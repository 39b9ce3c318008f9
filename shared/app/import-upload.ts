import { contentProblem, LedgerObjectReplacedError, MAX_REPORTED_CELLS, MAX_UPLOAD_BYTES, STALE_IMPORT_MINUTES, uploadIdOfKey } from '../domain/ledger/upload';
import type { LedgerFileType } from '../domain/ledger/upload';
import { toInstant } from '../domain/time/instant';
import type { LedgerStorage, LedgerUpload, UploadRepository } from '../ports';
import { importLedger, LedgerFileError } from './import-ledger';
import type { ImportLedgerDeps, ImportReport, SheetRowInput } from './import-ledger';
import type { UploadReport } from './ledger-upload';

export interface UploadImportDeps extends ImportLedgerDeps {
  uploads: UploadRepository;
  storage: LedgerStorage;
  /** Reads a sheet's rows from its bytes (CSV or XLSX): the ledger-files adapter. */
  readRows: (bytes: Buffer, contentType: LedgerFileType) => Promise<SheetRowInput[]>;
}

/** A stored object, as its storage event names it. */
export interface LandedFile {
  key: string;
  size: number;
  /** The object's ETag (S3's, or the local storage's MD5): one object imports once. */
  etag: string;
}

export type LandedOutcome =
  | { outcome: 'imported'; uploadId: string; report: UploadReport }
  | { outcome: 'rejected'; uploadId: string; reason: string; message: string }
  /** Already imported or refused: a replayed event, or a second file on a finished upload. */
  | { outcome: 'finished'; uploadId: string }
  /** Another delivery holds a fresh claim: retry later (it finishes, or its claim goes stale). */
  | { outcome: 'busy'; uploadId: string }
  /** Not an upload of ours: outside the prefix, no such upload, or not its key. Nothing is read. */
  | { outcome: 'ignored'; reason: string };

/** A refusal in both languages: `reason` for logs and the CLI, `message` for the office. */
const refusal = (reason: string, message: string) => ({ reason, message });

/**
 * Imports an uploaded ledger file once when it lands, through the same use case as every import.
 *
 * 1. Takes only keys of the uploads prefix that belong to an upload (`ledger/<id>.csv|xlsx`).
 * 2. An upload already imported or refused stays so: a replayed event imports nothing.
 * 3. Claims the upload with the object's ETag (pending → importing; a claim older than
 *    STALE_IMPORT_MINUTES was killed half-way and is taken over: the import is idempotent by ID number).
 * 4. Refuses, before reading a byte, a file over MAX_UPLOAD_BYTES or not the size declared; then
 *    bytes not of the declared type, a sheet the reader refuses, or an object replaced since its event.
 * 5. Imports the rows within the uploader's area (a row outside it is a bad row), recording the rows
 *    saved after each chunk, and keeps the row report (the first MAX_REPORTED_CELLS bad cells) on the upload.
 * Anything else (storage, database) throws and leaves the claim to go stale, so a retry reruns it.
 */
export async function importLandedFile(deps: UploadImportDeps, file: LandedFile): Promise<LandedOutcome> {
  const uploadId = uploadIdOfKey(file.key);
  if (!uploadId) return { outcome: 'ignored', reason: `${file.key} is not a ledger upload key (ledger/<upload id>.csv|.xlsx)` };
  const upload = await deps.uploads.get(uploadId);
  if (!upload || upload.key !== file.key) return { outcome: 'ignored', reason: `no upload has the key ${file.key}` };
  if (upload.status === 'imported' || upload.status === 'rejected') return { outcome: 'finished', uploadId };
  const now = deps.clock.now();
  const staleBefore = toInstant(new Date(now.getTime() - STALE_IMPORT_MINUTES * 60_000));
  const claimedAt = toInstant(now);
  if (!(await deps.uploads.claim(uploadId, claimedAt, staleBefore, file.etag))) {
    const again = await deps.uploads.get(uploadId);
    return again?.status === 'importing' ? { outcome: 'busy', uploadId } : { outcome: 'finished', uploadId };
  }
  const refused = checkLanded(upload, file);
  if (refused) return reject(deps, upload, refused);
  // An upload started through the API belongs to a person: their area bounds the rows, as in POST /ledger/import.
  // One started by the CLI's operator (`--by`, no person of the roster) is bounded by their IAM, which reaches every table.
  const owner = await deps.people.get(upload.ownerId);
  if (owner && !owner.active) return reject(deps, upload, refusal(`was uploaded by ${upload.ownerId}, who is no longer active`, '上传人已停用，请由在岗管理员重新上传'));
  let rows: SheetRowInput[];
  try {
    const bytes = await deps.storage.read(file.key, file.etag);
    const problem = contentProblem(bytes, upload.contentType as LedgerFileType);
    if (problem) return reject(deps, upload, refusal(problem, problem.startsWith('is not an XLSX') ? '不是 XLSX 文件（XLSX 是 zip 压缩包），请在 Excel 中另存为 .xlsx' : '不是 CSV 文本文件（含有二进制内容），请另存为 CSV（逗号分隔）'));
    rows = await deps.readRows(bytes, upload.contentType as LedgerFileType);
  } catch (error) {
    if (error instanceof LedgerObjectReplacedError) return reject(deps, upload, refusal('was replaced after it was uploaded: start a new upload', '文件在导入前被另一个文件替换，请重新上传'));
    if (error instanceof LedgerFileError) return reject(deps, upload, refusal(`could not be read as a sheet: ${error.message}`, `无法读取为表格：${error.message}`));
    throw error;
  }
  let report: ImportReport;
  try {
    // Progress after each chunk, for the field app's and the CLI's status polls; a lost write only makes the bar lag.
    const onProgress = async (rowsDone: number, rowsTotal: number) => {
      await deps.uploads.progress(uploadId, claimedAt, { rowsDone, rowsTotal });
    };
    report = await importLedger({ ...deps, onProgress }, rows, { actor: owner });
  } catch (error) {
    if (error instanceof LedgerFileError) return reject(deps, upload, refusal(error.message, `台账无法导入：${error.message}`));
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
  await deps.uploads.finish(uploadId, { status: 'imported', finishedAt: toInstant(deps.clock.now()), report: { ...answer } });
  return { outcome: 'imported', uploadId, report: answer };
}

/** What is wrong with the stored object before a byte of it is read: its size, against the limit and the declaration. */
function checkLanded(upload: LedgerUpload, file: LandedFile) {
  if (file.size > MAX_UPLOAD_BYTES) return refusal(`is ${file.size} bytes, more than the ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB an upload may be`, `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请按乡镇拆分后再上传`);
  if (file.size !== upload.size) return refusal(`is ${file.size} bytes, not the ${upload.size} declared`, `文件大小（${file.size} 字节）与申报的 ${upload.size} 字节不符，请重新上传`);
  return undefined;
}

async function reject(deps: UploadImportDeps, upload: LedgerUpload, why: { reason: string; message: string }): Promise<LandedOutcome> {
  const reason = `${upload.fileName} ${why.reason}`;
  await deps.uploads.finish(upload.uploadId, { status: 'rejected', finishedAt: toInstant(deps.clock.now()), reason, message: `${upload.fileName}：${why.message}` });
  return { outcome: 'rejected', uploadId: upload.uploadId, reason, message: why.message };
}
