import 'aws-sdk-client-mock-vitest/extend';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import { syntheticLedger } from '../../cli/simulation/ledger';
import { createHandler } from '../../functions/import-ledger/handler';
import { readRowsFromBytes } from '../../shared/adapters/ledger-files/read-bytes';
import { etagOf } from '../../shared/adapters/storage/local-ledger-storage';
import { S3LedgerStorage } from '../../shared/adapters/storage/s3-ledger-storage';
import { startLedgerUpload, uploadStatusOf } from '../../shared/app/ledger-upload';
import type { UploadImportDeps } from '../../shared/app/import-upload';
import { elderRegistrationSchema } from '../../shared/domain/elder/registration';
import { LEDGER_COLUMNS, registrationToRow } from '../../shared/domain/ledger/columns';
import { MAX_UPLOAD_BYTES } from '../../shared/domain/ledger/upload';
import { loadLedger, newWorld, stopDynamo } from '../helpers/world';
import type { World } from '../helpers/world';

const BUCKET = 'tanfang-sichuan-uploads';
const s3 = mockClient(S3Client);
/** The upload bucket: objects by key, with the ETag S3 would give them. */
const bucket = new Map<string, { bytes: Buffer; etag: string }>();
let world: World;
let deps: UploadImportDeps;
let ids = 0;

function ledgerCsv(seed: number, badRow = true): Buffer {
  const regs = syntheticLedger({ runtime: world.runtime, seed, elders: 3, asOf: '2026-11-01' }).registrations;
  const rows = regs.map((r) => ['', ...registrationToRow(elderRegistrationSchema.parse(r)).slice(1)]);
  if (badRow) rows[1]![3] = '510108194611230021';
  return Buffer.from([LEDGER_COLUMNS.map((c) => c.header), ...rows].map((r) => r.join(',')).join('\n'));
}

/** Starts an upload as the API does and lands its file in the bucket; answers the S3 event's object. */
async function landed(bytes: Buffer, declared = bytes.length, name = '台账.csv', owner = 'cli-operator') {
  const started = await startLedgerUpload({ ...deps, ids: { next: () => `UPLOAD${String(++ids).padStart(8, '0')}` } }, owner, {
    fileName: name,
    contentType: name.endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    size: declared,
  });
  const key = `ledger/${started.uploadId}${name.endsWith('.csv') ? '.csv' : '.xlsx'}`;
  bucket.set(key, { bytes, etag: etagOf(bytes) });
  return { uploadId: started.uploadId, key, size: bytes.length, eTag: etagOf(bytes).replaceAll('"', '') };
}

/** One SQS message holding S3's notification of the objects, as the import queue delivers it. */
function sqsEvent(objects: { key: string; size: number; eTag: string }[], bucketName = BUCKET, messageId = 'm-1'): { Records: SQSRecord[] } {
  const body = JSON.stringify({ Records: objects.map((o) => ({ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucketName }, object: { key: encodeURIComponent(o.key), size: o.size, eTag: o.eTag } } })) });
  return { Records: [{ messageId, body, receiptHandle: 'r', attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'cn-northwest-1' } as unknown as SQSRecord] };
}

const handler = () => createHandler(async () => deps, BUCKET);
const run = (event: { Records: SQSRecord[] }) => handler()(event, lambdaContext('import-ledger'));

beforeAll(async () => {
  world = await newWorld('sichuan', '2026-11-16T06:00:00+08:00');
  await loadLedger(world, { elders: 10 });
  deps = {
    ...world.repos,
    clock: world.clock,
    runtime: world.runtime,
    idKey: 'test-key',
    storage: new S3LedgerStorage(BUCKET, new S3Client({ region: 'cn-northwest-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } })),
    readRows: readRowsFromBytes,
  };
}, 120_000);

beforeEach(() => {
  s3.reset();
  s3.on(GetObjectCommand).callsFake((input: { Key: string; IfMatch?: string }) => {
    const object = bucket.get(input.Key);
    if (!object) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    if (input.IfMatch && input.IfMatch !== object.etag) throw Object.assign(new Error('PreconditionFailed'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    return { Body: { transformToByteArray: async () => new Uint8Array(object.bytes) } as unknown as GetObjectCommandOutput['Body'] };
  });
});

afterAll(async () => {
  await stopDynamo();
});

describe('import-ledger: a ledger file is imported when it lands in the upload bucket', () => {
  it('imports the landed CSV once and keeps the row report on the upload', async () => {
    const object = await landed(ledgerCsv(401));
    expect(await run(sqsEvent([object]))).toEqual({ batchItemFailures: [] });
    const stored = await world.repos.uploads.get(object.uploadId);
    expect(stored).toMatchObject({ status: 'imported', etag: `"${object.eTag}"`, report: { created: 2, badRows: 1, badCells: 1 }, progress: { rowsDone: 2, rowsTotal: 2 } });
    // The status shows progress only while importing: a finished upload answers its report.
    expect(uploadStatusOf(stored!, world.clock.now())).not.toHaveProperty('progress');
    expect(uploadStatusOf({ ...stored!, status: 'importing' }, world.clock.now())).toMatchObject({ status: 'importing', progress: { rowsDone: 2, rowsTotal: 2 } });
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: BUCKET, Key: object.key, IfMatch: `"${object.eTag}"` });
  });

  it('imports once when S3 delivers the same event twice (the object key and ETag are the same)', async () => {
    const object = await landed(ledgerCsv(402, false));
    await run(sqsEvent([object]));
    const first = await world.repos.uploads.get(object.uploadId);
    s3.resetHistory();
    expect(await run(sqsEvent([object], BUCKET, 'm-2'))).toEqual({ batchItemFailures: [] });
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect(await world.repos.uploads.get(object.uploadId)).toEqual(first);
  });

  it('hands back an event whose upload another delivery is importing, and takes over once that claim is stale (killed half-way)', async () => {
    const object = await landed(ledgerCsv(403, false));
    expect(await world.repos.uploads.claim(object.uploadId, '2026-11-16T06:00:00+08:00', '2026-11-16T05:45:00+08:00', `"${object.eTag}"`)).toBe(true);
    expect(await run(sqsEvent([object]))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(await world.repos.uploads.get(object.uploadId)).toMatchObject({ status: 'importing' });
    world.clock.set('2026-11-16T06:16:00+08:00');
    expect(await run(sqsEvent([object]))).toEqual({ batchItemFailures: [] });
    expect(await world.repos.uploads.get(object.uploadId)).toMatchObject({ status: 'imported', report: { created: 3 }, progress: { rowsDone: 3, rowsTotal: 3 } });
    // The killed import's writer, its claim taken over, can no longer move the progress.
    expect(await world.repos.uploads.progress(object.uploadId, '2026-11-16T06:00:00+08:00', { rowsDone: 1, rowsTotal: 3 })).toBe(false);
    expect(await world.repos.uploads.get(object.uploadId)).toMatchObject({ progress: { rowsDone: 3, rowsTotal: 3 } });
    world.clock.set('2026-11-16T06:00:00+08:00');
  });

  it('reads nothing of objects outside the uploads prefix, of no upload, or of another bucket', async () => {
    const object = await landed(ledgerCsv(404, false));
    s3.resetHistory();
    expect(await run(sqsEvent([{ ...object, key: 'other/UPLOAD99999999.csv' }]))).toEqual({ batchItemFailures: [] });
    expect(await run(sqsEvent([{ ...object, key: 'ledger/../ledger/x.csv' }]))).toEqual({ batchItemFailures: [] });
    expect(await run(sqsEvent([{ ...object, key: 'ledger/UPLOAD99999999.csv' }]))).toEqual({ batchItemFailures: [] });
    expect(await run(sqsEvent([{ ...object, key: object.key.replace('.csv', '.xlsx') }]))).toEqual({ batchItemFailures: [] });
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
    expect(await run(sqsEvent([object], 'someone-elses-bucket'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(await world.repos.uploads.get(object.uploadId)).toMatchObject({ status: 'pending' });
  });

  it('refuses, unread and with the reason in Chinese, an object over the size limit or not the size declared', async () => {
    const file = ledgerCsv(405, false);
    const over = await landed(file);
    s3.resetHistory();
    await run(sqsEvent([{ ...over, size: MAX_UPLOAD_BYTES + 1 }]));
    expect(await world.repos.uploads.get(over.uploadId)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('more than the 30 MiB'), message: expect.stringContaining('文件超过 30 MB') });
    const short = await landed(file.subarray(0, 100), file.length);
    await run(sqsEvent([short]));
    expect(await world.repos.uploads.get(short.uploadId)).toMatchObject({ status: 'rejected', reason: expect.stringContaining(`not the ${file.length} declared`), message: expect.stringContaining('与申报的') });
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it('refuses an object replaced after its event (a second PUT to a still-valid URL), and imports nothing of it', async () => {
    const file = ledgerCsv(406, false);
    const object = await landed(file);
    const swapped = Buffer.from(file.toString('utf8').replace('天', '地'));
    bucket.set(object.key, { bytes: swapped, etag: etagOf(swapped) });
    await run(sqsEvent([object]));
    expect(await world.repos.uploads.get(object.uploadId)).toMatchObject({ status: 'rejected', message: expect.stringContaining('被另一个文件替换') });
  });

  it('refuses a file the sheet reader cannot read, naming why in both languages', async () => {
    const object = await landed(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40)]), undefined, '台账.xlsx');
    await run(sqsEvent([object]));
    expect(await world.repos.uploads.get(object.uploadId)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('could not be read'), message: expect.stringContaining('无法读取为表格') });
  });

  it("bounds an administrator's upload by their area, as the inline import does: a row outside it is a bad row", async () => {
    await world.repos.people.save({ personId: 'admin-other-county', name: '管理员', roles: ['admin'], areaCode: '510104', active: true });
    await world.repos.people.save({ personId: 'admin-gone', name: '管理员', roles: ['admin'], areaCode: '510108', active: false });
    const object = await landed(ledgerCsv(407, false), undefined, '台账.csv', 'admin-other-county');
    await run(sqsEvent([object]));
    const upload = await world.repos.uploads.get(object.uploadId);
    expect(upload).toMatchObject({ status: 'imported', report: { created: 0, badRows: 3 } });
    expect((upload!.report as { bad: { code?: string }[] }).bad.every((b) => b.code === 'outside_your_area')).toBe(true);
    const gone = await landed(ledgerCsv(408, false), undefined, '台账.csv', 'admin-gone');
    await run(sqsEvent([gone]));
    expect(await world.repos.uploads.get(gone.uploadId)).toMatchObject({ status: 'rejected', message: expect.stringContaining('上传人已停用') });
  });

  it('ignores the test event S3 sends when the notification is set up, and fails a body that is not an S3 event, naming the field', async () => {
    const test = sqsEvent([]);
    test.Records[0]!.body = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET });
    expect(await run(test)).toEqual({ batchItemFailures: [] });
    const forged = sqsEvent([]);
    forged.Records[0]!.body = JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: BUCKET }, object: { key: 'ledger/x.csv', size: 1, eTag: 'e' } } }] });
    expect(await run(forged)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    forged.Records[0]!.body = 'not json';
    expect(await run(forged)).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
  });
});
