import { createHash } from 'node:crypto';

/** Marks a provider-side reference (Aliyun OutId, Tencent SessionContext) that names a batch, not one message. */
export const BATCH_REFERENCE_PREFIX = 'batch:';

/**
 * The one reference a provider call can carry. A call to one number carries that message's
 * outbox id, so its receipts name the message. A batch call carries a deterministic batch id
 * (a hash of its messages' ids): its receipts are matched by the provider's message id and the
 * recipient's number instead (Aliyun gives every number of a batch the same BizId).
 */
export function callReference(references: readonly string[]): string {
  if (references.length === 1) return references[0]!;
  const digest = createHash('sha256').update(references.join('\n')).digest('hex').slice(0, 24);
  return `${BATCH_REFERENCE_PREFIX}${digest}`;
}

/** A reference from a receipt, when it names one of our messages. */
export function messageReference(value: string | undefined): string | undefined {
  return value && !value.startsWith(BATCH_REFERENCE_PREFIX) ? value : undefined;
}
