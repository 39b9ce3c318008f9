import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamoRepositories } from '../../shared/adapters/dynamodb/repositories';
import { startEmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';
import { FileSmsGateway } from '../../shared/adapters/local/file-sms-gateway';
import { ManualClock } from '../../shared/adapters/local/manual-clock';
import { ALIYUN_MAX_BATCH } from '../../shared/adapters/aliyun/aliyun-sms-gateway';
import { forEachLimit } from '../../shared/app/concurrency';
import { deliverOutbox } from '../../shared/app/send-sms';
import { smsContent } from '../../shared/app/sms-message';
import { loadRegion } from '../../shared/config/load';
import { PROVIDER_RATE } from '../../shared/domain/sms/provider-rate';
import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../shared/domain/sms/provider';

const AT = '2026-07-20T10:00:00+08:00';
const PROVINCE_SMS = 3_100_000;
/** Model inputs for AWS (not measured here): a DynamoDB write's round trip from Lambda, and an on-demand table's default write ceiling. */
const AWS_WRITE_MS = 6;
const TABLE_WRITE_UNITS_PER_S = 40_000;
/** send-sms runs every 5 minutes for at most 4.5 of them (it stops 30 s before its timeout). */
const USEFUL_SHARE = 4.5 / 5;

/** A loopback "provider": one HTTP POST per call with up to 1,000 numbers, one answer per number, like Aliyun's SendSms. */
async function loopbackProvider() {
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls++;
      const { numbers } = JSON.parse(Buffer.concat(chunks).toString()) as { numbers: string[] };
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ Code: 'OK', BizId: `loop-${calls}`, count: numbers.length }));
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  const gateway: SmsGateway = {
    provider: 'local',
    maxBatch: ALIYUN_MAX_BATCH,
    async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
      const answer = (await (await fetch(url, { method: 'POST', body: JSON.stringify({ template: request.templateCode, numbers: request.recipients.map((r) => r.phone) }) })).json()) as { BizId: string };
      return request.recipients.map(() => ({ outcome: 'accepted', providerMessageId: answer.BizId }));
    },
  };
  return { gateway, calls: () => calls, close: () => new Promise<void>((done) => server.close(() => done())) };
}

async function run(label: string, notices: number, gateway: SmsGateway, sendsPerSecond: number, concurrency: number) {
  const runtime = loadRegion('sichuan');
  const db = await startEmbeddedDynamo();
  try {
    const repos = dynamoRepositories(db.client, db.names);
    const content = smsContent(runtime.config.sms, 'weather_family_heat', { warning: '高温红色', until: '2026-07-22T10:00:00+08:00' });
    const ids = Array.from({ length: notices }, (_, i) => i);
    await forEachLimit(ids, 16, async (i) => {
      await repos.outbox.enqueue({
        messageId: `weather#bench#${i}`,
        ...content,
        kind: 'weather_notice',
        urgent: true,
        recipientId: `fam-${i}`,
        phone: `+86139${String(i).padStart(8, '0')}`,
        createdAt: AT,
        sendAfter: AT,
        occasionId: 'alert:bench',
      });
    });
    const before = db.meter.snapshot();
    const t0 = performance.now();
    const report = await deliverOutbox({
      outbox: repos.outbox,
      occasions: repos.occasions,
      phoneBudget: repos.phoneBudget,
      replyTargets: repos.replyTargets,
      deliveries: repos.deliveries,
      templateStops: repos.templateStops,
      gateway,
      sms: runtime.config.sms,
      clock: new ManualClock(AT),
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      random: () => 0.5,
      limit: 1_000_000,
      sendsPerSecond,
      concurrency,
      maxAttempts: 4,
    });
    const seconds = (performance.now() - t0) / 1000;
    const after = db.meter.snapshot();
    const writesPerSms = (after.writeUnits - before.writeUnits) / Math.max(1, report.sent);
    console.log(
      `  ${label}: ${report.sent.toLocaleString('en')} SMS in ${report.calls} calls (${(report.sent / Math.max(1, report.calls)).toFixed(0)} per call) in ${seconds.toFixed(1)} s: ${(report.sent / seconds).toFixed(0)} SMS/s, ${(report.calls / seconds).toFixed(1)} calls/s, ${writesPerSms.toFixed(2)} write units per SMS, ${report.pages} pages`,
    );
    return { writesPerSms, smsPerSecond: report.sent / seconds };
  } finally {
    await db.close();
  }
}

/**
 * A warning's family notices (one text for all, urgent) through send-sms on dynalite: over the
 * file gateway (batches of 100) and over a loopback provider taking Aliyun's 1,000 numbers per
 * call; then a model of a province-wide warning's 3.1 M notices on AWS, with its inputs.
 */
export async function benchSending(notices: number): Promise<void> {
  const runtime = loadRegion('sichuan');
  const { sendsPerSecond, concurrency } = runtime.config.sms;
  console.log(`Sending a warning's ${notices.toLocaleString('en')} family notices (sichuan: sms.sendsPerSecond ${sendsPerSecond}, sms.concurrency ${concurrency})`);
  const dir = mkdtempSync(join(tmpdir(), 'tanfang-bench-sms-'));
  await run('file gateway      ', notices, new FileSmsGateway(join(dir, 'outbox.jsonl'), new ManualClock(AT)), sendsPerSecond, concurrency);
  const loop = await loopbackProvider();
  const measured = await run('loopback provider', notices, loop.gateway, sendsPerSecond, concurrency);
  await loop.close();

  // Province model: the slowest of the provider's calls, the table's write ceiling, and the invocation's own round trips.
  const smsPerCall = PROVIDER_RATE.aliyun.numbersPerCall;
  const byProvider = sendsPerSecond * smsPerCall;
  const byTable = TABLE_WRITE_UNITS_PER_S / measured.writesPerSms;
  // Per chunk 16 writes in flight (send-sms-chunk.ts), `concurrency` chunks at once; ~5 sequential round trips per SMS.
  // The handler opens 16 × concurrency + 16 sockets (functions/send-sms/handler.ts), so none waits for one.
  const byInvocation = (16 * concurrency) / ((5 * AWS_WRITE_MS) / 1000);
  const rate = Math.min(byProvider, byTable, byInvocation) * USEFUL_SHARE;
  console.log('  model for a province-wide warning on AWS (inputs):');
  console.log(`    SMS to send ${PROVINCE_SMS.toLocaleString('en')}; SMS per provider call ${smsPerCall} (Aliyun SendSms, one text); calls/s ${sendsPerSecond} (sms.sendsPerSecond) → ${byProvider.toLocaleString('en')} SMS/s`);
  console.log(`    write units per SMS ${measured.writesPerSms.toFixed(2)} (measured above); table write ceiling ${TABLE_WRITE_UNITS_PER_S.toLocaleString('en')}/s (on-demand default) → ${byTable.toFixed(0)} SMS/s`);
  console.log(`    in flight 16 × ${concurrency} (sms.concurrency); ${AWS_WRITE_MS} ms per DynamoDB write, 5 in a row per SMS → ${byInvocation.toFixed(0)} SMS/s per invocation`);
  console.log(`    useful share of each 5-minute run ${USEFUL_SHARE}`);
  console.log(
    `  projected: ${rate.toFixed(0)} SMS/s → ${(PROVINCE_SMS / rate / 60).toFixed(1)} minutes for ${PROVINCE_SMS.toLocaleString('en')} SMS (target ≤ 30); ${Math.ceil(PROVINCE_SMS / smsPerCall).toLocaleString('en')} provider calls\n`,
  );
}
