import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import { conditionally } from './errors';

/**
 * A claim left by a creation that never finished (its form was never written) blocks the
 * number only this long; a claim whose owner's form holds the number blocks it for good.
 */
export const CLAIM_GRACE_MS = 10 * 60_000;

/** The claim's key in the registrations table: `#` never occurs in an elder id. */
export const claimKey = (hash: string) => ({ elderId: `id#${hash}` });

/**
 * One ID number, one elder: a uniqueness claim per number (its keyed hash), taken with a
 * conditional put before a form is written. The keyed-hash index finds elders but cannot
 * refuse a second one (an index is not a constraint, and it is eventually consistent); the
 * claim can, under any concurrency. A stale claim (the owner's form now holds another number,
 * or a creation that crashed before writing its form long ago) is taken over, conditionally.
 */
export class IdNumberClaims {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The elder the number belongs to: `elderId` itself when the claim is (now) theirs. */
  async claim(hash: string, elderId: string, at: Instant): Promise<string> {
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await this.put(hash, elderId, at, 'attribute_not_exists(elderId) OR #owner = :owner', elderId)) return elderId;
      const current = await this.read(hash);
      if (!current) continue;
      if (current.owner === elderId) return elderId;
      if (!(await this.isStale(current, hash, at))) return current.owner;
      if (await this.put(hash, elderId, at, '#owner = :owner', current.owner)) return elderId;
    }
    const last = await this.read(hash);
    return last?.owner ?? elderId;
  }

  /** Writes the claim for `elderId` if the condition holds (`:owner` bound to `owner`). */
  private put(hash: string, elderId: string, at: Instant, condition: string, owner: string): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...claimKey(hash), owner: elderId, claimedAt: at },
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  /** The elder whose form holds the number under a claim, if any (a lookup, so never a half-made claim). */
  async owner(hash: string): Promise<string | undefined> {
    const current = await this.read(hash);
    if (!current) return undefined;
    return (await this.formHash(current.owner)) === hash ? current.owner : undefined;
  }

  /** Gives a number up after its elder's form moved to another one (only if still theirs). */
  async release(hash: string, elderId: string): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new DeleteCommand({
          TableName: this.table,
          Key: claimKey(hash),
          ConditionExpression: '#owner = :me',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':me': elderId },
        }),
      ),
    );
  }

  private async read(hash: string): Promise<{ owner: string; claimedAt: string } | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: claimKey(hash), ConsistentRead: true }));
    return Item ? { owner: String(Item.owner), claimedAt: String(Item.claimedAt) } : undefined;
  }

  /** The hash of the number an elder's form holds: null when there is no form. */
  private async formHash(elderId: string): Promise<string | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { elderId }, ConsistentRead: true, ProjectionExpression: 'residentIdHash' }));
    return Item ? String(Item.residentIdHash) : null;
  }

  private async isStale(claim: { owner: string; claimedAt: string }, hash: string, at: Instant): Promise<boolean> {
    const held = await this.formHash(claim.owner);
    if (held !== null) return held !== hash;
    return toMillis(at) - toMillis(claim.claimedAt) > CLAIM_GRACE_MS;
  }
}
