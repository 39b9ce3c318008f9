import 'aws-sdk-client-mock-vitest/extend';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../cli/simulation/lambda-context';
import { STACK_DYNAMODB_ENDPOINT_ENV } from '../../cli/stack/session';
import { createHandler as importLedgerFunction } from '../../functions/import-ledger/handler';
import { LocalFieldCipher, LOCAL_FIELD_KEY } from '../../shared/adapters/crypto/field-cipher';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { readRowsFromBytes } from '../../shared/adapters/ledger-files/read-bytes';
import { etagOf } from '../../shared/adapters/storage/local-ledger-storage';
import { S3LedgerStorage } from '../../shared/adapters/storage/s3-ledger-storage';
import { idKeyFromEnv } from '../../shared/config/id-key';
import { loadRegion } from '../../shared/config/load';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { LEDGER_COLUMNS } from '../../shared/domain/ledger/columns';
import { residentIdCheckChar } from '../../shared/domain/elder/id-number';
import { cli } from '../helpers/cli';
import { stackOutputs } from '../helpers/stack-outputs';

const cloudFormation = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const dir = mkdtempSync(join(tmpdir(), 'tanfang-stack-'));
const stack = ['--stack', 'Tanfang-sichuan'];

function ledgerCsv(file: string): string {
  const id = (body: string) => `${body}${residentIdCheckChar(body)}`;
  const row = (over: Record<string, string>) => LEDGER_COLUMNS.map((c) => over[c.key] ?? '').join(',');
  const common = { residenceArea: '510108001001', residenceName: '天鹅村', categories: '空巢', hasChildren: '是', emergencyContacts: '李明/儿子/13900001111', firstVisitContacts: '李明/儿子/13900001111' };
  writeFileSync(
    file,
    [
      LEDGER_COLUMNS.map((c) => c.header).join(','),
      row({ ...common, name: '王芳', sex: '女', residentId: id('51010819400315002'), residenceAddress: '1组2号' }),
      row({ ...common, name: '张强', sex: '男', residentId: id('51010819380220001'), residenceAddress: '2组5号' }),
    ].join('\n'),
  );
  return file;
}

/**
 * A deployed region end to end, as far as a test can go without AWS: CloudFormation and S3 are
 * mocked, the presigned PUT lands in a map and S3's event runs the import-ledger function's
 * handler, and the stack's tables are dynalite's through the endpoint test seam. Everything
 * between (stack outputs, the upload use cases, the repositories, the commands, the polling of
 * the upload's status) is the code that runs against a real stack.
 */
describe('tanfang --stack Tanfang-sichuan on the local store', () => {
  let db: EmbeddedDynamo;
  const bucket = new Map<string, Buffer>();
  const deployedFrom = (config: string) =>
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Tanfang-sichuan', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0), Outputs: stackOutputs(config, db.names) }] });

  /** What S3 does when the PUT lands: it notifies the import queue, whose message runs the import-ledger function. */
  async function landed(key: string): Promise<void> {
    const body = bucket.get(key)!;
    const runtime = loadRegion('sichuan');
    const idKey = idKeyFromEnv();
    const deps = {
      ...dynamoRepositories(db.client, db.names, { cipher: new LocalFieldCipher(LOCAL_FIELD_KEY), idKey }),
      clock: new ManualClock('2026-11-20T10:00:00+08:00'),
      runtime,
      idKey,
      storage: new S3LedgerStorage('tanfang-sichuan-uploads', new S3Client({ region: 'cn-northwest-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } })),
      readRows: readRowsFromBytes,
    };
    const event = {
      Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'tanfang-sichuan-uploads' }, object: { key: encodeURIComponent(key), size: body.length, eTag: etagOf(body).replaceAll('"', '') } } }],
    };
    const answer = await importLedgerFunction(async () => deps, 'tanfang-sichuan-uploads')({ Records: [{ messageId: 'm', body: JSON.stringify(event) } as SQSRecord] }, lambdaContext('import-ledger'));
    expect(answer).toEqual({ batchItemFailures: [] });
  }

  beforeAll(async () => {
    db = await startEmbeddedDynamo({ prefix: 'Tanfang-sichuan' });
    deployedFrom('sichuan');
    s3.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
      const body = bucket.get(input.Key);
      if (!body) throw Object.assign(new Error('NotFound'), { name: 'NotFound' });
      return { ContentLength: body.length };
    });
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => ({ Body: { transformToByteArray: async () => new Uint8Array(bucket.get(input.Key)!) } as unknown as GetObjectCommandOutput['Body'] }));
    vi.stubEnv(STACK_DYNAMODB_ENDPOINT_ENV, db.endpoint);
    // Presigning signs with credentials from the provider chain: the environment's come first.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubGlobal('fetch', async (url: string, init: { method: string; headers: Record<string, string>; body: Uint8Array }) => {
      const parsed = new URL(url);
      expect(parsed.hostname).toBe('tanfang-sichuan-uploads.s3.cn-northwest-1.amazonaws.com.cn');
      expect(parsed.searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
      const key = decodeURIComponent(parsed.pathname.slice(1));
      bucket.set(key, Buffer.from(init.body));
      await landed(key);
      return new Response(null, { status: 200 });
    });
  }, 60_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    await db.close();
  });

  it("imports a ledger through the upload bucket (presigned PUT; the stack's import-ledger function imports it and the CLI reads the report from the upload)", async () => {
    const r = await cli(['ledger', 'import', ledgerCsv(join(dir, '台账.csv')), ...stack, '--by', 'admin-1']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { uploadId: string; created: number; badRows: number };
    expect(report).toMatchObject({ created: 2, badRows: 0 });
    expect([...bucket.keys()]).toEqual([expect.stringMatching(/^ledger\/[0-9A-Z]{26}\.csv$/)]);
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Tanfang-sichuan' });
    expect(r.stderr).toContain('uploading');
    expect(r.stderr).toContain('waiting for the stack to import');
    const upload = await (await import('../../shared/adapters/dynamodb/repositories')).dynamoRepositories(db.client, db.names).uploads.get(report.uploadId);
    expect(upload).toMatchObject({ status: 'imported', ownerId: 'admin-1' });
  });

  it('exports, checks and reports on the stack’s tables, and lists a visitor’s tasks', async () => {
    const out = join(dir, 'export.csv');
    expect((await cli(['ledger', 'export', ...stack, '--out', out, '--purpose', '半年动态更新'])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('天鹅村');
    expect(JSON.parse((await cli(['ledger', 'check', ...stack, '--dry-run'])).stdout)).toMatchObject({ missingProjection: 0 });
    const rate = await cli(['report', 'ledger', ...stack, '--area', '510108001', '--period', '2026-11']);
    expect(rate.code).toBe(0);
    expect(JSON.parse(rate.stdout)).toBeTypeOf('object');
    expect(await cli(['task', 'list', ...stack, '--visitor', 'vis-510108001001-1'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('lists the invalid numbers and reviews the ledger on the stack’s tables', async () => {
    expect(await cli(['sms', 'invalid-numbers', ...stack, '--limit', '10'])).toMatchObject({ code: 0, stdout: '' });
    expect(await cli(['sms', 'invalid-numbers', ...stack, '--clear', 'nothing#1', '--by', 'admin-1'])).toMatchObject({ code: 1 });
    expect(await cli(['ledger', 'overdue', ...stack, '--area', '510108001'])).toMatchObject({ code: 0 });
  });

  it('is quiet on stderr with --quiet, and stdout stays the JSON report', async () => {
    const r = await cli(['ledger', 'import', ledgerCsv(join(dir, 'again.csv')), ...stack, '--quiet']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ unchanged: 2 });
  });

  it('refuses --data or --at beside --stack, another --region, --profile alone and a stack name that is not Tanfang-<config> (exit 2)', async () => {
    expect(await cli(['ledger', 'check', ...stack, '--data', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
    expect(await cli(['task', 'list', ...stack, '--visitor', 'v', '--at', '2026-11-01T09:00:00+08:00'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--at is for local databases') });
    expect(await cli(['report', 'ledger', ...stack, '--region', 'shanghai', '--area', '510108', '--period', '2026-11'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not the region of --stack') });
    expect(await cli(['task', 'list', '--data', dir, '--profile', 'prod', '--visitor', 'v'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--profile goes with --stack') });
    expect(await cli(['ledger', 'check', '--stack', 'Tanfang-../../x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('说明：命令用法有误') });
  });

  it('refuses a stack of another region’s config with exit 1 and its 说明', async () => {
    deployedFrom('shanghai');
    expect(await cli(['ledger', 'check', ...stack])).toMatchObject({ code: 1, stderr: expect.stringContaining('说明：该地区的部署（堆栈）暂不能使用') });
    deployedFrom('sichuan');
  });

  it('never points the endpoint test seam anywhere but loopback', async () => {
    vi.stubEnv(STACK_DYNAMODB_ENDPOINT_ENV, 'https://dynamodb.cn-northwest-1.amazonaws.com.cn');
    await expect(cli(['ledger', 'check', ...stack])).rejects.toThrow(/test seam for a loopback endpoint/);
    vi.stubEnv(STACK_DYNAMODB_ENDPOINT_ENV, db.endpoint);
  });
});
