import { z } from 'zod';

/** The ledger sheet types an upload may declare, with the file endings that go with them. */
export const LEDGER_FILE_TYPES = {
  'text/csv': '.csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
} as const;
export type LedgerFileType = keyof typeof LEDGER_FILE_TYPES;

/** 30 MiB: a county ledger of 100,000 elders as XLSX is about 15 MiB. */
export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;
/** How long the upload URL stays valid. */
export const UPLOAD_URL_MINUTES = 15;
/** An import claimed longer ago than this was killed half-way and may be taken over. */
export const STALE_IMPORT_MINUTES = 15;
/** Bad cells kept on the upload and answered (the total is always given). */
export const MAX_REPORTED_CELLS = 500;

export const uploadRequestSchema = z
  .object({
    fileName: z.string().trim().min(1).max(200, 'at most 200 characters'),
    contentType: z.enum(Object.keys(LEDGER_FILE_TYPES) as [LedgerFileType, ...LedgerFileType[]], { error: 'must be text/csv or the XLSX type (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' }),
    size: z
      .number()
      .int()
      .min(1, 'the file is empty')
      .max(MAX_UPLOAD_BYTES, `at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`),
  })
  .strict()
  .superRefine((r, ctx) => {
    const ending = LEDGER_FILE_TYPES[r.contentType];
    if (!r.fileName.toLowerCase().endsWith(ending)) ctx.addIssue({ code: 'custom', path: ['fileName'], message: `must end in ${ending} for ${r.contentType} (save .xls files as .xlsx first)` });
  });
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

/** Whether the bytes look like the declared type: an XLSX is a zip (PK), a CSV has no NUL bytes. */
export function contentProblem(bytes: Uint8Array, contentType: LedgerFileType): string | undefined {
  if (contentType !== 'text/csv') return bytes[0] === 0x50 && bytes[1] === 0x4b ? undefined : 'is not an XLSX file (an XLSX is a zip archive)';
  return bytes.subarray(0, 64 * 1024).includes(0) ? 'is not a CSV text file (it holds binary bytes)' : undefined;
}

/** Where uploaded ledger files are stored: `ledger/<upload id>.csv|.xlsx`, nothing else. */
export const UPLOAD_PREFIX = 'ledger/';
const UPLOAD_KEY = /^ledger\/([0-9A-Za-z]{10,40})\.(csv|xlsx)$/;

/** The upload id an object key belongs to, or undefined for a key outside the uploads prefix or not of that shape. */
export function uploadIdOfKey(key: string): string | undefined {
  return UPLOAD_KEY.exec(key)?.[1];
}

/** The stored object changed since the event that named it (a second PUT to a still-valid URL). */
export class LedgerObjectReplacedError extends Error {
  override readonly name = 'LedgerObjectReplacedError';
}
