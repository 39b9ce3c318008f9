import { mkdtempSync } from 'node:fs';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createAliyunSmsGateway } from '../../../shared/adapters/aliyun/aliyun-sms-gateway';
import type { createTencentSmsGateway } from '../../../shared/adapters/tencent/tencent-sms-gateway';
import { json, startProviderServer } from '../../helpers/provider-server';
import type { ProviderServer } from '../../helpers/provider-server';

/**
 * Both SDKs are CommonJS; how an ES module sees their exports differs between TypeScript, Node
 * and esbuild. This bundles the gateways with the options the stack's functions use (ESM, the
 * createRequire banner, minified) and sends through the bundle, so an import that only works
 * unbundled fails here rather than in Lambda.
 */
let gateways: { createAliyunSmsGateway: typeof createAliyunSmsGateway; createTencentSmsGateway: typeof createTencentSmsGateway };
let server: ProviderServer;

beforeAll(async () => {
  const outfile = join(mkdtempSync(join(tmpdir(), 'tanfang-bundle-')), 'gateways.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, '../../fixtures/bundles/gateways-entry.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    minify: true,
    outfile,
    logLevel: 'silent',
  });
  gateways = (await import(pathToFileURL(outfile).href)) as typeof gateways;
  server = await startProviderServer((r) => (r.headers['x-acs-action'] ? json({ Code: 'OK', BizId: 'biz-1' }) : json({ Response: { SendStatusSet: [{ PhoneNumber: '+8613812345678', Code: 'Ok', SerialNo: 'sid-1' }] } })));
}, 60_000);
afterAll(() => server?.close());

const request = { templateId: 't', templateCode: 'SMS_1', signName: '成华民政', params: [{ name: 'n', value: '1' }], text: '【成华民政】1', recipients: [{ phone: '+8613812345678', reference: 'm1' }] };

describe('The SMS gateways bundled as the stack bundles a function', () => {
  it('sends through Aliyun’s SDK from the bundle', async () => {
    const gateway = gateways.createAliyunSmsGateway({
      credentials: { accessKeyId: 'LTAI5tExampleKey', accessKeySecret: 'example-secret' },
      settings: { endpoint: `127.0.0.1:${server.port}`, regionId: 'cn-hangzhou', connectMs: 2000, readMs: 5000 },
      protocol: 'http',
    });
    expect(await gateway.send(request)).toEqual([{ outcome: 'accepted', providerMessageId: 'biz-1' }]);
  });

  it('sends through Tencent’s SDK from the bundle', async () => {
    const agent = new Agent();
    agent.createConnection = () => connect({ port: server.port, host: '127.0.0.1' });
    const gateway = gateways.createTencentSmsGateway({
      credentials: { secretId: 'AKIDexample0001', secretKey: 'example-secret' },
      settings: { sdkAppId: '1400006666', region: 'ap-guangzhou', endpoint: 'sms.tencentcloudapi.com', timeoutSeconds: 5 },
      transport: { protocol: 'http://', agent },
    });
    expect(await gateway.send(request)).toEqual([{ outcome: 'accepted', providerMessageId: 'sid-1' }]);
  });
});
