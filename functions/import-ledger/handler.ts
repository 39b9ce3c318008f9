import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { PartialItemFailureResponse } from '@aws-lambda-powertools/batch/types';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context, SQSRecord } from 'aws-lambda';
import { fieldCipherFromEnv } from '../../shared/adapters/crypto/field-cipher';
import { createDocumentClient, tableNamesFromEnv } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { readRowsFromBytes } from '../../shared/adapters/ledger-files/read-bytes';
import { S3LedgerStorage } from '../../shared/adapters/storage/s3-ledger-storage';
import { systemClock } from '../../shared/adapters/system';
import { importLandedFile } from '../../shared/app/import-upload';
import type { UploadImportDeps } from '../../shared/app/import-upload';
import { resolveIdKey } from '../../shared/config/id-key';
import { runtimeFromEnv } from '../../shared/config/runtime';
import { idKeySecretValue } from '../shared/id-key-secret';
import { logger, metrics, tracer } from '../shared/observability';
import { landedFiles } from './s3-event';

/** A landed file another delivery is importing: its message comes back after the queue's visibility timeout. */
class ImportBusyError extends Error {
  override readonly name = 'ImportBusyError';
}

/**
 * Imports ledger files when they land in the upload bucket: S3 notifies the import queue of each
 * object created under `ledger/`, and each message runs the same upload-import use case as
 * `tanfang serve`. Replays import nothing (the upload keeps its status and the object's ETag); a
 * file another delivery holds is retried later; anything that throws is a batch item failure,
 * retried by SQS and then parked in the dead letters (alarmed). Logs carry ids and counts only.
 */
export function createHandler(deps: () => Promise<UploadImportDeps>, bucket: string) {
  return middy(async (event: { Records: SQSRecord[] }, context: Context): Promise<PartialItemFailureResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(
      event,
      async (record: SQSRecord) => {
        const d = await deps();
        for (const file of landedFiles(record.body, bucket)) {
          const outcome = await importLandedFile(d, file);
          if (outcome.outcome === 'busy') throw new ImportBusyError(`upload ${outcome.uploadId} is being imported by another delivery`);
          if (outcome.outcome === 'ignored') logger.warn('landed object ignored', { key: file.key, reason: outcome.reason });
          else
            logger.info('landed ledger file', {
              uploadId: outcome.uploadId,
              outcome: outcome.outcome,
              ...(outcome.outcome === 'imported' ? { created: outcome.report.created, updated: outcome.report.updated, unchanged: outcome.report.unchanged, badRows: outcome.report.badRows } : {}),
            });
          metrics.addMetric(`LedgerUploads${outcome.outcome[0]!.toUpperCase()}${outcome.outcome.slice(1)}`, MetricUnit.Count, 1);
        }
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

let lambdaDeps: Promise<UploadImportDeps> | undefined;

export const handler = createHandler(() => {
  lambdaDeps ??= resolveIdKey(idKeySecretValue).then((idKey) => {
    const runtime = runtimeFromEnv();
    return {
      ...dynamoRepositories(createDocumentClient(), tableNamesFromEnv(), { cipher: fieldCipherFromEnv(), idKey, retention: runtime.config.retention }),
      clock: systemClock,
      runtime,
      idKey,
      storage: new S3LedgerStorage(process.env.TANFANG_UPLOAD_BUCKET ?? ''),
      readRows: readRowsFromBytes,
    };
  });
  return lambdaDeps;
}, process.env.TANFANG_UPLOAD_BUCKET ?? '');
