import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { LedgerObjectReplacedError } from '../../domain/ledger/upload';
import type { LedgerStorage } from '../../ports';

/**
 * Ledger files in the stack's private upload bucket (KMS-encrypted by default, SSL only). The
 * browser PUTs straight to S3 with a presigned URL that signs the content type and the exact
 * length declared, so a different file size or type is refused by S3 itself.
 */
export class S3LedgerStorage implements LedgerStorage {
  constructor(
    private readonly bucket: string,
    // A presigned PUT cannot carry a checksum of a body not yet seen: compute checksums only when S3 requires them.
    private readonly client: S3Client = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' }),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async uploadTarget(input: { key: string; contentType: string; size: number; expiresAt: Date }) {
    const expiresIn = Math.max(1, Math.floor((input.expiresAt.getTime() - this.now().getTime()) / 1000));
    const url = await getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: input.key, ContentType: input.contentType, ContentLength: input.size }), {
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return { url, headers: { 'content-type': input.contentType } };
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength;
    } catch (error) {
      if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  /** With `etag`, S3 answers 412 if the object is no longer the one the event named. */
  async read(key: string, etag?: string): Promise<Buffer> {
    let out;
    try {
      out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(etag ? { IfMatch: etag } : {}) }));
    } catch (error) {
      if (error instanceof Error && (error.name === 'PreconditionFailed' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412))
        throw new LedgerObjectReplacedError(`s3 object ${key} is no longer ${etag}`);
      throw error;
    }
    if (!out.Body) throw new Error(`s3 object ${key} has no body`);
    return Buffer.from(await out.Body.transformToByteArray());
  }
}
