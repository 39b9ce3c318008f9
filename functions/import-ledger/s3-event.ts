import { z } from 'zod';
import type { LandedFile } from '../../shared/app/import-upload';
import { parseOrThrow } from '../../shared/domain/validation';

/** An S3 event notification as SQS delivers it, as far as the import reads it. */
const s3EventSchema = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:s3'),
      eventName: z.string().startsWith('ObjectCreated:', 'must be an ObjectCreated event'),
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative(), eTag: z.string().min(1) }),
      }),
    }),
  ),
});

/**
 * The objects an SQS message's S3 event says landed. Keys come URL-encoded (a space as `+`); an
 * object of another bucket is refused (the queue takes only this bucket's events, so it would be forged).
 */
export function landedFiles(body: string, bucket: string): LandedFile[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('import message: the body is not JSON');
  }
  // S3 sends a test event once when the notification is configured: nothing landed.
  if ((json as { Event?: unknown } | null)?.Event === 's3:TestEvent') return [];
  return parseOrThrow(s3EventSchema, json, 'import message').Records.map((r) => {
    if (r.s3.bucket.name !== bucket) throw new Error(`import message: an object of bucket ${r.s3.bucket.name}, not the upload bucket`);
    const etag = r.s3.object.eTag.replace(/^"|"$/g, '');
    return { key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')), size: r.s3.object.size, etag: `"${etag}"` };
  });
}
