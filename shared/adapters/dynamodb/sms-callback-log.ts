import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import type { CallbackKind, CallbackRecord, SmsCallbackLog } from '../../ports';
import { maskPhone } from '../../domain/sms/mask';
import { conditionally } from './errors';
import { phoneKey } from './phone-key';

/** Receipts and replies are kept a year: long enough for any question about a delivery or a reply. */
const KEEP_SECONDS = 366 * 86_400;
const keyOf = (kind: CallbackKind, dedupeKey: string) => ({ messageId: `${kind === 'receipt' ? 'receipt' : 'inbound'}#${dedupeKey}` });

/**
 * Each receipt and reply as one item in the outbox table under its dedupe key, written with a
 * condition (a repeated callback finds it), then finished with what became of it.
 */
export class DynamoSmsCallbackLog implements SmsCallbackLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async begin(kind: CallbackKind, dedupeKey: string, record: CallbackRecord, at: Instant): Promise<'new' | 'retry' | 'done'> {
    const { phone, ...rest } = record;
    const kept = { ...rest, ...(typeof phone === 'string' ? { phoneKey: phoneKey(phone), phone: maskPhone(phone) } : {}) };
    const created = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...kept, ...keyOf(kind, dedupeKey), callback: kind, receivedAt: at, expiresAtEpoch: Math.floor(toMillis(at) / 1000) + KEEP_SECONDS },
          ConditionExpression: 'attribute_not_exists(messageId)',
        }),
      ),
    );
    if (created) return 'new';
    const stored = await this.get(kind, dedupeKey);
    return stored?.outcome === undefined ? 'retry' : 'done';
  }

  async finish(kind: CallbackKind, dedupeKey: string, outcome: string, at: Instant): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keyOf(kind, dedupeKey),
        UpdateExpression: 'SET outcome = if_not_exists(outcome, :o), finishedAt = if_not_exists(finishedAt, :at)',
        ConditionExpression: 'attribute_exists(messageId)',
        ExpressionAttributeValues: { ':o': outcome, ':at': at },
      }),
    );
  }

  async get(kind: CallbackKind, dedupeKey: string): Promise<(CallbackRecord & { outcome?: string | undefined }) | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: keyOf(kind, dedupeKey), ConsistentRead: true }));
    return Item as (CallbackRecord & { outcome?: string }) | undefined;
  }
}
