import { z } from 'zod';
import { ownUpload, startLedgerUpload, uploadStatusOf } from '../app/ledger-upload';
import type { LedgerUploadDeps } from '../app/ledger-upload';
import { canAdminister } from '../domain/access/access';
import { ApiProblem, notFound, route } from './api';
import type { AnyRoute } from './api';
import { must } from './route-kit';
import type { ApiDeps } from './route-kit';

const uploadId = z.object({ uploadId: z.string().regex(/^[0-9A-Za-z]{10,40}$/, 'must be an upload id as POST /ledger/uploads answered it') }).strict();
// code and message (Chinese) are absent from reports stored before they existed.
const badCell = z.object({ row: z.number(), column: z.string(), rule: z.string(), code: z.string().optional(), message: z.string().optional() });
export const uploadReport = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  dataRows: z.number(),
  badRows: z.number(),
  /** Bad cells in all; `bad` lists the first 500. */
  badCells: z.number(),
  bad: z.array(badCell),
  unknownHeaders: z.array(z.string()),
});
export const uploadTarget = z.object({ uploadId: z.string(), method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()), expiresAt: z.string(), maxBytes: z.number() });
/** pending: waiting for the file or queued for its import; importing (with the rows saved so far); imported (with the report); rejected (reason, and message in Chinese); expired. */
export const uploadStatus = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  status: z.enum(['pending', 'importing', 'imported', 'rejected', 'expired']),
  reason: z.string().optional(),
  message: z.string().optional(),
  report: uploadReport.optional(),
  /** While importing: good rows saved so far, of the sheet's good rows. */
  progress: z.object({ rowsDone: z.number(), rowsTotal: z.number() }).optional(),
});

function uploadDeps(deps: ApiDeps): LedgerUploadDeps {
  if (!deps.ledgerStorage || !deps.ids) throw new ApiProblem(503, 'Service Unavailable', 'ledger uploads are not configured on this server; use POST /ledger/import or `tanfang ledger import`');
  return { uploads: deps.uploads, clock: deps.clock, storage: deps.ledgerStorage, ids: deps.ids };
}

/**
 * Ledger files uploaded straight to storage (large sheets). The API only presigns and answers
 * the status: the file's arrival starts its import (the import-ledger function on the bucket's
 * event in AWS, in-process under `tanfang serve`), by the same use case as every import.
 */
export function uploadRoutes(deps: ApiDeps): AnyRoute[] {
  return [
    route({
      method: 'POST',
      path: '/ledger/uploads',
      summary: 'Start a ledger file upload (XLSX or CSV, up to 30 MiB): answers where to PUT the file',
      auth: 'user',
      body: z.record(z.string(), z.unknown()),
      status: 201,
      response: uploadTarget,
      handle: async ({ principal, body }) => {
        must(canAdminister(principal));
        return startLedgerUpload(uploadDeps(deps), principal.personId, body);
      },
    }),
    route({
      method: 'GET',
      path: '/ledger/uploads/{uploadId}',
      summary: "An upload's status and, once imported, its row report",
      auth: 'user',
      params: uploadId,
      response: uploadStatus,
      handle: async ({ principal, params }) => {
        must(canAdminister(principal));
        const upload = await ownUpload(uploadDeps(deps), params.uploadId, principal.personId);
        if (!upload) throw notFound(`no upload ${params.uploadId} of yours`);
        const status = uploadStatusOf(upload, deps.clock.now());
        return { ...status, ...(status.report ? { report: uploadReport.parse(status.report) } : {}) };
      },
    }),
  ];
}
