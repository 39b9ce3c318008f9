import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { FieldCipher } from '../../ports';

/** The keyed hash (HMAC-SHA256) that makes an ID number findable without storing it in the clear. */
export function keyedHash(value: string, key: string): string {
  return createHmac('sha256', key).update(value.toUpperCase()).digest('hex');
}

function seal(dataKey: Buffer, plaintext: string): { iv: string; tag: string; ct: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

function open(dataKey: Buffer, iv: string, tag: string, ct: string): string {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
}

export const LOCAL_FIELD_KEY = 'tanfang-local-field-key-not-for-production';

/**
 * AES-256-GCM with a key from `TANFANG_FIELD_KEY` (locally; tests and the runner). Tokens look
 * like `local1:<iv>:<tag>:<ciphertext>`; a changed byte fails the tag check.
 */
export class LocalFieldCipher implements FieldCipher {
  private readonly key: Buffer;
  constructor(secret: string = process.env.TANFANG_FIELD_KEY ?? LOCAL_FIELD_KEY) {
    this.key = createHash('sha256').update(secret).digest();
  }

  async encrypt(plaintext: string): Promise<string> {
    const { iv, tag, ct } = seal(this.key, plaintext);
    return `local1:${iv}:${tag}:${ct}`;
  }

  async decrypt(token: string): Promise<string> {
    const [scheme, iv, tag, ct] = token.split(':');
    if (scheme !== 'local1' || !iv || !tag || !ct) throw new Error('not a local field token');
    return open(this.key, iv, tag, ct);
  }
}

/**
 * KMS envelope encryption: one data key per function instance (GenerateDataKey), fields sealed
 * with AES-256-GCM under it, the KMS-encrypted data key stored with each field
 * (`kms1:<encrypted data key>:<iv>:<tag>:<ciphertext>`). Decryption asks KMS once per distinct
 * data key and keeps the answer for the instance's life.
 */
export class KmsEnvelopeCipher implements FieldCipher {
  private dataKey?: Promise<{ plain: Buffer; encrypted: string }>;
  private readonly opened = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  private currentKey(): Promise<{ plain: Buffer; encrypted: string }> {
    this.dataKey ??= this.kms.send(new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256' })).then((out) => {
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      const encrypted = Buffer.from(out.CiphertextBlob).toString('base64');
      const plain = Buffer.from(out.Plaintext);
      this.opened.set(encrypted, Promise.resolve(plain));
      return { plain, encrypted };
    });
    return this.dataKey;
  }

  async encrypt(plaintext: string): Promise<string> {
    const { plain, encrypted } = await this.currentKey();
    const { iv, tag, ct } = seal(plain, plaintext);
    return `kms1:${encrypted}:${iv}:${tag}:${ct}`;
  }

  async decrypt(token: string): Promise<string> {
    const [scheme, edk, iv, tag, ct] = token.split(':');
    if (scheme !== 'kms1' || !edk || !iv || !tag || !ct) throw new Error('not a KMS field token');
    if (!this.opened.has(edk)) {
      this.opened.set(
        edk,
        this.kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(edk, 'base64'), KeyId: this.keyId })).then((out) => {
          if (!out.Plaintext) throw new Error('KMS could not decrypt the data key');
          return Buffer.from(out.Plaintext);
        }),
      );
    }
    return open(await this.opened.get(edk)!, iv, tag, ct);
  }
}

/** The cipher for this process: KMS when the stack names a key (`TANFANG_FIELD_KEY_ARN`), else local. */
export function fieldCipherFromEnv(env: NodeJS.ProcessEnv = process.env): FieldCipher {
  const arn = env.TANFANG_FIELD_KEY_ARN;
  return arn ? new KmsEnvelopeCipher(new KMSClient({}), arn) : new LocalFieldCipher(env.TANFANG_FIELD_KEY ?? LOCAL_FIELD_KEY);
}
