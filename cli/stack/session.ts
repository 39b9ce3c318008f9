import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { KmsEnvelopeCipher, LocalFieldCipher, LOCAL_FIELD_KEY } from '../../shared/adapters/crypto/field-cipher';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import type { Repositories } from '../../shared/adapters/dynamodb/repositories';
import { S3LedgerStorage } from '../../shared/adapters/storage/s3-ledger-storage';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { loadRegion } from '../../shared/config/load';
import type { RegionRuntime } from '../../shared/config/region-config';
import { describeStack, regionConfigOfStack } from './outputs';
import type { StackTargets } from './outputs';

/**
 * TEST SEAM ONLY: a loopback DynamoDB endpoint (the embedded dynalite of a test) that a `--stack`
 * run uses instead of the stack's region, with the local field key and ID-hash key (no KMS, no
 * Secrets Manager). CloudFormation is still asked for the stack, so tests mock it. Never set it
 * against a real deployment: the CLI refuses a non-loopback value.
 */
export const STACK_DYNAMODB_ENDPOINT_ENV = 'TANFANG_TEST_STACK_DYNAMODB_ENDPOINT';

export interface StackOptions {
  stack: string;
  /** A profile of the shared AWS config and credentials files; else the usual provider chain. */
  profile?: string | undefined;
}

/** A deployed region, opened: its config, its tables through the same repositories as the functions. */
export interface StackSession {
  targets: StackTargets;
  runtime: RegionRuntime;
  repos: Repositories;
  idKey: string;
  /** The upload bucket, for ledger files too large to carry through a single request. */
  storage: S3LedgerStorage;
  close(): void;
}

function destroy(clients: { destroy(): void }[]): void {
  for (const client of clients) client.destroy();
}

function loopback(endpoint: string): string {
  const url = new URL(endpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`${STACK_DYNAMODB_ENDPOINT_ENV} is a test seam for a loopback endpoint, got ${url.hostname}`);
  return endpoint;
}

/**
 * Opens `Tanfang-<name>`: the region (and so the AWS region) from the bundled config the name
 * gives, credentials from the provider chain (`--profile`, environment, SSO, instance role), the
 * tables, bucket and keys from the stack's outputs.
 */
export async function openStack(options: StackOptions, env: NodeJS.ProcessEnv = process.env): Promise<StackSession> {
  const runtime = loadRegion(regionConfigOfStack(options.stack));
  const region = runtime.config.aws.region;
  const credentials = fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const cloudFormation = new CloudFormationClient({ region, credentials });
  const s3 = new S3Client({ region, credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const clients: { destroy(): void }[] = [cloudFormation, s3];
  try {
    const targets = await describeStack(cloudFormation, options.stack);
    const testEndpoint = env[STACK_DYNAMODB_ENDPOINT_ENV];
    let repos: Repositories;
    let idKey: string;
    if (testEndpoint) {
      const client = createDocumentClient({ endpoint: loopback(testEndpoint) });
      clients.push(client);
      idKey = idKeyFromEnv(env);
      repos = dynamoRepositories(client, targets.tables, { cipher: new LocalFieldCipher(env.TANFANG_FIELD_KEY ?? LOCAL_FIELD_KEY), idKey, retention: runtime.config.retention });
    } else {
      const client = createDocumentClient({ region, credentials });
      const kms = new KMSClient({ region, credentials });
      const secrets = new SecretsManagerClient({ region, credentials });
      clients.push(client, kms, secrets);
      const secret = await secrets.send(new GetSecretValueCommand({ SecretId: targets.idHashSecretArn }));
      if (!secret.SecretString) throw new Error(`the ID hash key secret of ${options.stack} is empty`);
      idKey = secret.SecretString;
      repos = dynamoRepositories(client, targets.tables, { cipher: new KmsEnvelopeCipher(kms, targets.fieldKeyArn), idKey, retention: runtime.config.retention });
    }
    return { targets, runtime, repos, idKey, storage: new S3LedgerStorage(targets.uploadBucket, s3), close: () => destroy(clients) };
  } catch (error) {
    destroy(clients);
    throw error;
  }
}
