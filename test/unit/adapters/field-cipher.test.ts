import 'aws-sdk-client-mock-vitest/extend';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { keyedHash, KmsEnvelopeCipher, LocalFieldCipher } from '../../../shared/adapters/crypto/field-cipher';

const kms = mockClient(KMSClient);
const ID = '51010819461123002X';

describe('field encryption', () => {
  beforeEach(() => kms.reset());

  it('local: round-trips, never shows the plaintext, and refuses a tampered or foreign token', async () => {
    const cipher = new LocalFieldCipher('k1');
    const token = await cipher.encrypt(ID);
    expect(token).toMatch(/^local1:/);
    expect(token).not.toContain(ID);
    expect(await cipher.encrypt(ID)).not.toBe(token);
    expect(await cipher.decrypt(token)).toBe(ID);
    const [s, iv, tag, ct] = token.split(':');
    const flipped = Buffer.from(ct!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    await expect(cipher.decrypt([s, iv, tag, flipped.toString('base64')].join(':'))).rejects.toThrow();
    await expect(new LocalFieldCipher('k2').decrypt(token)).rejects.toThrow();
  });

  it('KMS envelope: one data key per instance for many fields; each stored data key decrypted once', async () => {
    const plain = Buffer.alloc(32, 7);
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: plain, CiphertextBlob: Buffer.from('edk-1') });
    kms.on(DecryptCommand).resolves({ Plaintext: plain });
    const writer = new KmsEnvelopeCipher(new KMSClient({}), 'arn:aws-cn:kms:cn-north-1:111122223333:key/abc');
    const tokens = await Promise.all([ID, '13812345678', ID].map((v) => writer.encrypt(v)));
    expect(kms).toHaveReceivedCommandTimes(GenerateDataKeyCommand, 1);
    expect(kms).toHaveReceivedCommandWith(GenerateDataKeyCommand, { KeySpec: 'AES_256' });
    expect(tokens.every((t) => t.startsWith(`kms1:${Buffer.from('edk-1').toString('base64')}:`) && !t.includes(ID))).toBe(true);
    const reader = new KmsEnvelopeCipher(new KMSClient({}), 'arn:aws-cn:kms:cn-north-1:111122223333:key/abc');
    expect(await Promise.all(tokens.map((t) => reader.decrypt(t)))).toEqual([ID, '13812345678', ID]);
    expect(kms).toHaveReceivedCommandTimes(DecryptCommand, 1);
  });

  it('the keyed hash is stable, case-blind on the check character, and depends on the key', () => {
    expect(keyedHash(ID, 'k')).toBe(keyedHash(ID.toLowerCase(), 'k'));
    expect(keyedHash(ID, 'k')).not.toBe(keyedHash(ID, 'other'));
    expect(keyedHash(ID, 'k')).toMatch(/^[0-9a-f]{64}$/);
  });
});
