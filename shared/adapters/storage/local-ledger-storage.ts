import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LedgerObjectReplacedError } from '../../domain/ledger/upload';
import type { Clock, LedgerStorage } from '../../ports';

/** Keys this storage writes: `ledger/<upload id>.csv|.xlsx`, so no key can leave the folder. */
const KEY = /^ledger\/[0-9A-Za-z_-]{1,64}\.(csv|xlsx)$/;
export const LOCAL_UPLOAD_PATH = '/local-uploads/';

export interface ReceiveResult {
  status: number;
  detail: string;
  /** The file kept, as S3's event names an object (its ETag is the MD5 of the bytes, as S3's for a single PUT). */
  stored?: { key: string; size: number; etag: string };
}

/** S3's ETag of a single-part upload: the MD5 of the bytes, quoted. */
export const etagOf = (bytes: Buffer) => `"${createHash('md5').update(bytes).digest('hex')}"`;

/**
 * Ledger files in a folder of the local data directory: the local stand-in for S3. Its upload
 * URL is presigned like S3's: an HMAC over the key, type, exact size and expiry, checked when
 * `tanfang serve` receives the PUT (`receive`), so the same browser code works in both places.
 */
export class LocalLedgerStorage implements LedgerStorage {
  constructor(
    private readonly dir: string,
    private readonly secret: string,
    private readonly clock: Clock,
  ) {}

  private signature(key: string, contentType: string, size: number, expires: number): string {
    return createHmac('sha256', this.secret).update(`${key}\n${contentType}\n${size}\n${expires}`).digest('hex');
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a ledger upload key: ${key}`);
    return join(this.dir, key);
  }

  async uploadTarget(input: { key: string; contentType: string; size: number; expiresAt: Date }) {
    const expires = input.expiresAt.getTime();
    const query = new URLSearchParams({ size: String(input.size), expires: String(expires), sig: this.signature(input.key, input.contentType, input.size, expires) });
    return { url: `${LOCAL_UPLOAD_PATH}${input.key}?${query}`, headers: { 'content-type': input.contentType } };
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async read(key: string, etag?: string): Promise<Buffer> {
    const bytes = await readFile(this.path(key));
    if (etag && etagOf(bytes) !== etag) throw new LedgerObjectReplacedError(`${key} is no longer ${etag}`);
    return bytes;
  }

  /** Receives a PUT to an upload URL: the signature, expiry, type and exact size are all checked before anything is kept. */
  async receive(url: URL, contentType: string, body: AsyncIterable<Buffer>): Promise<ReceiveResult> {
    const key = decodeURIComponent(url.pathname.slice(LOCAL_UPLOAD_PATH.length));
    const size = Number(url.searchParams.get('size'));
    const expires = Number(url.searchParams.get('expires'));
    const given = Buffer.from(url.searchParams.get('sig') ?? '', 'hex');
    const wanted = Buffer.from(KEY.test(key) && Number.isInteger(size) && Number.isInteger(expires) ? this.signature(key, contentType, size, expires) : '', 'hex');
    if (wanted.length === 0 || given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { status: 403, detail: 'the upload URL is not valid for this file (signature, type or size)' };
    if (expires < this.clock.now().getTime()) return { status: 403, detail: 'the upload URL has expired: start a new upload' };
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of body) {
      received += chunk.length;
      if (received > size) return { status: 413, detail: `the file is larger than the ${size} bytes declared` };
      chunks.push(chunk);
    }
    if (received !== size) return { status: 400, detail: `the file is ${received} bytes, not the ${size} declared` };
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Written aside and renamed, so an import never reads half a file.
    const part = `${target}.part`;
    const bytes = Buffer.concat(chunks);
    await writeFile(part, bytes);
    await rename(part, target).catch(async (error: unknown) => {
      await rm(part, { force: true });
      throw error;
    });
    return { status: 200, detail: 'stored', stored: { key, size: bytes.length, etag: etagOf(bytes) } };
  }
}
