import type { SmsAnswer, SmsGateway, SmsSendRequest } from '../../shared/domain/sms/provider';

/** A gateway whose answers a test scripts per recipient: `script(call, recipientIndex, request)`. */
export class ScriptedGateway implements SmsGateway {
  readonly provider = 'local' as const;
  readonly requests: SmsSendRequest[] = [];
  private calls = 0;

  constructor(
    private readonly script: (call: number, index: number, request: SmsSendRequest) => SmsAnswer | 'throw' = () => ({ outcome: 'accepted', providerMessageId: 'p' }),
    readonly maxBatch = 1,
  ) {}

  async send(request: SmsSendRequest): Promise<SmsAnswer[]> {
    const call = ++this.calls;
    this.requests.push(request);
    await Promise.resolve();
    const answers = request.recipients.map((_, i) => this.script(call, i, request));
    if (answers.includes('throw')) throw new Error('socket hang up');
    return answers.map((a, i) => (a !== 'throw' && a.outcome === 'accepted' ? { outcome: 'accepted', providerMessageId: `p-${call}-${i}` } : a)) as SmsAnswer[];
  }
}
