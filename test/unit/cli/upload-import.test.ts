import 'aws-sdk-client-mock-vitest/extend';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awaitImport, importThroughUpload } from '../../../cli/stack/upload-import';
import type { ImportPolling } from '../../../cli/stack/upload-import';
import type { StackSession } from '../../../cli/stack/session';
import { DynamoUploadRepository } from '../../../shared/adapters/dynamodb/upload-repository';
import { ManualClock } from '../../../shared/adapters/local/manual-clock';
import { S3LedgerStorage } from '../../../shared/adapters/storage/s3-ledger-storage';
import { LedgerFileError } from '../../../shared/app/import-ledger';
import type { LedgerUpload } from '../../../shared/ports';

const dynamo = mockClient(DynamoDBDocumentClient);
const clock = new ManualClock('2026-11-20T10:00:00+08:00');
const uploads = new DynamoUploadRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-northwest-1' })), 'Tanfang-sichuan-uploads');
const report = { created: 2, updated: 0, unchanged: 0, dataRows: 2, badRows: 0, unknownHeaders: [], badCells: 0, bad: [] };
const upload = (over: Partial<LedgerUpload>): LedgerUpload => ({
  uploadId: '01JUPLOAD0000000000000000',
  ownerId: 'admin-1',
  fileName: '台账.csv',
  contentType: 'text/csv',
  size: 10,
  key: 'ledger/01JUPLOAD0000000000000000.csv',
  status: 'pending',
  createdAt: '2026-11-20T10:00:00+08:00',
  expiresAt: '2026-11-20T10:15:00+08:00',
  ...over,
});

/** A wait that does not sleep: it counts the waits, so a test sees how often the status was read. */
function polling(timeoutMs = 60_000): ImportPolling & { waits: number } {
  const p = { waits: 0, intervalMs: 3_000, timeoutMs, wait: async () => void p.waits++ };
  return p;
}

/** The status reads answer these uploads in turn (the last one again and again). */
function statuses(...answers: LedgerUpload[]): void {
  let i = 0;
  dynamo.on(GetCommand).callsFake(() => ({ Item: answers[Math.min(i++, answers.length - 1)] }));
}

beforeEach(() => dynamo.reset());

describe('Function: awaitImport', () => {
  it('reads the status until the stack has imported the file, and answers its row report', async () => {
    statuses(upload({ status: 'pending' }), upload({ status: 'importing' }), upload({ status: 'imported', report }));
    const steps: string[] = [];
    const p = polling();
    expect(await awaitImport(uploads, '01JUPLOAD0000000000000000', clock, p, (s) => steps.push(s))).toEqual(report);
    expect(p.waits).toBe(2);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 3);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: 'Tanfang-sichuan-uploads', Key: { uploadId: '01JUPLOAD0000000000000000' } });
    expect(steps).toEqual(['upload 01JUPLOAD0000000000000000: queued for its import', 'upload 01JUPLOAD0000000000000000: importing']);
  });

  it('says how many good rows the stack has saved while it imports, once per change', async () => {
    const importing = (rowsDone: number) => upload({ status: 'importing', claimedAt: '2026-11-20T10:01:00+08:00', progress: { rowsDone, rowsTotal: 1200 } });
    statuses(upload({ status: 'importing' }), importing(500), importing(500), importing(1000), upload({ status: 'imported', report, progress: { rowsDone: 1200, rowsTotal: 1200 } }));
    const steps: string[] = [];
    expect(await awaitImport(uploads, '01JUPLOAD0000000000000000', clock, polling(), (s) => steps.push(s))).toEqual(report);
    expect(steps).toEqual(['upload 01JUPLOAD0000000000000000: importing', 'upload 01JUPLOAD0000000000000000: importing: 500 of 1200 good rows saved', 'upload 01JUPLOAD0000000000000000: importing: 1000 of 1200 good rows saved']);
  });

  it('turns a refused file into a LedgerFileError carrying the reason and its Chinese', async () => {
    statuses(upload({ status: 'rejected', reason: '台账.csv is 9 bytes, not the 10 declared', message: '台账.csv：文件大小（9 字节）与申报的 10 字节不符，请重新上传' }));
    const refused = awaitImport(uploads, '01JUPLOAD0000000000000000', clock, polling());
    await expect(refused).rejects.toThrow(LedgerFileError);
    await expect(awaitImport(uploads, '01JUPLOAD0000000000000000', clock, polling())).rejects.toThrow(/not the 10 declared（台账\.csv：文件大小/);
  });

  it('gives up after its timeout, saying where to look, instead of waiting forever', async () => {
    statuses(upload({ status: 'importing' }));
    const p = polling(9_000);
    await expect(awaitImport(uploads, '01JUPLOAD0000000000000000', clock, p)).rejects.toThrow(/still importing after 0 minutes.*dead letters/);
    expect(p.waits).toBe(3);
  });

  it('fails plainly when the upload vanished', async () => {
    statuses();
    await expect(awaitImport(uploads, 'NOSUCHUPLOAD00', clock, polling())).rejects.toThrow(/vanished/);
  });
});

describe('Function: importThroughUpload', () => {
  it('records the upload, PUTs the file to a presigned URL of the upload bucket, then waits for its report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-upload-'));
    const file = join(dir, '台账.csv');
    writeFileSync(file, '姓名\r\n王芳\r\n');
    dynamo.on(PutCommand).resolves({});
    let key = '';
    dynamo.on(GetCommand).callsFake((input: { Key: { uploadId: string } }) => ({ Item: upload({ uploadId: input.Key.uploadId, key, status: 'imported', report }) }));
    const s3 = new S3Client({ region: 'cn-northwest-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const session = { repos: { uploads }, storage: new S3LedgerStorage('tanfang-sichuan-uploads', s3) } as unknown as StackSession;
    const puts: { url: URL; headers: Record<string, string>; size: number }[] = [];
    const answer = await importThroughUpload(session, {
      file,
      by: 'admin-1',
      clock,
      polling: polling(),
      put: async (url, headers, body) => {
        puts.push({ url: new URL(url), headers, size: body.length });
        key = decodeURIComponent(new URL(url).pathname.slice(1));
        return { ok: true, status: 200 };
      },
    });
    expect(answer).toMatchObject({ created: 2, uploadId: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'Tanfang-sichuan-uploads',
      ConditionExpression: 'attribute_not_exists(uploadId)',
      Item: expect.objectContaining({ ownerId: 'admin-1', size: 16, contentType: 'text/csv' }),
    });
    expect(puts).toHaveLength(1);
    expect(puts[0]!.url.hostname).toBe('tanfang-sichuan-uploads.s3.cn-northwest-1.amazonaws.com.cn');
    expect(puts[0]!.url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(puts[0]).toMatchObject({ headers: { 'content-type': 'text/csv' }, size: 16 });
    expect(key).toBe(`ledger/${answer.uploadId}.csv`);
  });

  it('stops with the HTTP status when the bucket refuses the PUT, and never waits for an import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tanfang-upload-'));
    const file = join(dir, '台账.csv');
    writeFileSync(file, '姓名\r\n');
    dynamo.on(PutCommand).resolves({});
    const s3 = new S3Client({ region: 'cn-northwest-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const session = { repos: { uploads }, storage: new S3LedgerStorage('tanfang-sichuan-uploads', s3) } as unknown as StackSession;
    await expect(importThroughUpload(session, { file, by: 'admin-1', clock, polling: polling(), put: async () => ({ ok: false, status: 403 }) })).rejects.toThrow(/refused the file \(HTTP 403\)/);
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
  });
});
