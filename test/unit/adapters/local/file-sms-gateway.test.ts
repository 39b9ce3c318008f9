import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSmsGateway } from '../../../../shared/adapters/local/file-sms-gateway';
import { ManualClock } from '../../../../shared/adapters/local/manual-clock';
import { familyNotice } from '../../../helpers/sms-gateway-requests';

const dir = mkdtempSync(join(tmpdir(), 'tanfang-file-gw-'));

describe('Class: FileSmsGateway (the local outbox and its carrier)', () => {
  it("reports a call to one number under our reference, and a batch's numbers under one provider id, like Aliyun", async () => {
    const gw = new FileSmsGateway(join(dir, 'a.jsonl'), new ManualClock('2026-10-17T20:01:00+08:00'));
    const one = await gw.send(familyNotice('LOCAL', ['+8613800000001']));
    const batch = await gw.send(familyNotice('LOCAL', ['+8613800000002', '+8613800000003']));
    const receipts = gw.takeReceipts();
    expect(receipts).toHaveLength(3);
    expect(receipts[0]).toMatchObject({
      provider: 'local',
      providerMessageId: (one[0] as { providerMessageId: string }).providerMessageId,
      reference: 'family#E000010#occ-1',
      phone: '+8613800000001',
      delivered: true,
      at: '2026-10-17T20:01:05+08:00',
    });
    const ids = batch.map((a) => (a as { providerMessageId: string }).providerMessageId);
    expect(new Set(ids).size).toBe(1);
    expect(receipts.slice(1).map((r) => [r.providerMessageId, r.reference])).toEqual([
      [ids[0], undefined],
      [ids[0], undefined],
    ]);
    expect(gw.takeReceipts()).toEqual([]);
  });

  it('follows the carrier rule: an unreachable number is reported failed, a silent one never reported; receipts are written with the number masked', async () => {
    const file = join(dir, 'receipts.jsonl');
    const carrier = (phone: string): 'failed' | 'silent' | 'delivered' => (phone.endsWith('1') ? 'failed' : phone.endsWith('2') ? 'silent' : 'delivered');
    const gw = new FileSmsGateway(join(dir, 'b.jsonl'), new ManualClock('2026-10-17T20:01:00+08:00'), { receiptsPath: file, carrier });
    const answers = await gw.send(familyNotice('LOCAL', ['+8613800000001', '+8613800000002', '+8613800000003']));
    // The provider takes all three; what the carrier does comes later.
    expect(answers.map((a) => a.outcome)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(gw.takeReceipts().map((r) => [r.phone, r.delivered, r.carrierCode])).toEqual([
      ['+8613800000001', false, 'UNREACHABLE'],
      ['+8613800000003', true, 'DELIVERED'],
    ]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.join('')).not.toContain('13800000001');
    expect(JSON.parse(lines[0]!)).toMatchObject({ phone: '+86 138****0001', delivered: false });
  });
});
