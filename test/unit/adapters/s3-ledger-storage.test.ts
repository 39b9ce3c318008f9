import { GetObjectCommand, HeadObjectCommand, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3LedgerStorage } from '../../../shared/adapters/storage/s3-ledger-storage';

const client = new S3Client({ region: 'cn-northwest-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, requestChecksumCalculation: 'WHEN_REQUIRED' });
const s3 = mockClient(client);
const now = new Date('2026-11-20T02:00:00Z');
const storage = new S3LedgerStorage('tanfang-uploads', client, () => now);

beforeEach(() => s3.reset());

describe('Method: uploadTarget', () => {
  it('presigns a PUT that signs the content type and the exact length, valid until the upload expires', async () => {
    const target = await storage.uploadTarget({ key: 'ledger/UP1.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: 1234, expiresAt: new Date(now.getTime() + 15 * 60_000) });
    const url = new URL(target.url);
    expect(url.hostname).toBe('tanfang-uploads.s3.cn-northwest-1.amazonaws.com.cn');
    expect(url.pathname).toBe('/ledger/UP1.xlsx');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    // A checksum of an empty body would make every real upload fail.
    expect([...url.searchParams.keys()].some((k) => /checksum/i.test(k))).toBe(false);
    expect(target.headers).toEqual({ 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });
});

describe('Method: size', () => {
  it('answers the stored length, or undefined when nothing was uploaded; other failures are not hidden', async () => {
    s3.on(HeadObjectCommand, { Key: 'ledger/UP1.csv' }).resolves({ ContentLength: 42 });
    s3.on(HeadObjectCommand, { Key: 'ledger/UP2.csv' }).rejects(new NotFound({ message: 'not found', $metadata: {} }));
    s3.on(HeadObjectCommand, { Key: 'ledger/UP3.csv' }).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'denied' }));
    expect(await storage.size('ledger/UP1.csv')).toBe(42);
    expect(await storage.size('ledger/UP2.csv')).toBeUndefined();
    await expect(storage.size('ledger/UP3.csv')).rejects.toThrow('denied');
    expect(s3).toHaveReceivedCommandWith(HeadObjectCommand, { Bucket: 'tanfang-uploads', Key: 'ledger/UP1.csv' });
  });
});

describe('Method: read', () => {
  it('reads the object back as bytes', async () => {
    // The SDK's stream body, as far as the adapter uses it.
    const body = { transformToByteArray: async () => new Uint8Array(Buffer.from('姓名,性别\n')) } as unknown as GetObjectCommandOutput['Body'];
    s3.on(GetObjectCommand).resolves({ Body: body });
    expect((await storage.read('ledger/UP1.csv')).toString()).toBe('姓名,性别\n');
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'tanfang-uploads', Key: 'ledger/UP1.csv' });
  });
});
