import type { OutboxMessage } from '../../domain/sms/message';
import type { Instant } from '../../domain/time/instant';
import { withoutAttributes } from './items';
import { shardOf } from './shard';

/** The attributes the outbox adapters add to a message item for its indexes and its expiry. */
const INDEX_ATTRIBUTES = ['readyShard', 'readyAt', 'expiresAtEpoch', 'claimedAt', 'actionQueue', 'actionSort', 'awaitShard', 'awaitAt', 'recipientKey', 'recipientSort'];

/** The message behind an outbox item. */
export const outboxMessageOf = (item: Record<string, unknown>): OutboxMessage => withoutAttributes<OutboxMessage>(item, INDEX_ATTRIBUTES);

/** The awaiting index's keys for a watched message: due at `at` (its deadline, or at once when there is nothing to deliver to). */
export function awaitingKeys(messageId: string, at: Instant): { awaitShard: string; awaitAt: string } {
  return { awaitShard: shardOf('w', messageId), awaitAt: `${at}#${messageId}` };
}
