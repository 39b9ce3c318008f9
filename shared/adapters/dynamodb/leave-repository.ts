import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { nextReturnOn } from '../../domain/people/leave';
import type { Leave, LeaveBook } from '../../domain/people/leave';
import type { LocalDate } from '../../domain/time/local-date';
import type { LeaveRepository } from '../../ports';
import { conditionally } from './errors';
import { queryAll } from './paging';

/**
 * Leaves live in the people table under `leave#<visitorId>` (a roster id never holds `#`, so
 * no person can collide), one item per visitor with a version. The item carries the sparse
 * `leaveReturns` keys while a cover holds tasks to hand back: the daily run Queries that index
 * for the mornings that have come, never the roster.
 */
const RETURN_PARTITION = 'leave';
const keyOf = (visitorId: string) => ({ personId: `leave#${visitorId}` });

export class DynamoLeaveRepository implements LeaveRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async forVisitor(visitorId: string): Promise<LeaveBook> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: keyOf(visitorId), ConsistentRead: true }));
    return Item ? bookOf(Item) : { visitorId, leaves: [], version: 0 };
  }

  async save(book: LeaveBook): Promise<boolean> {
    const returnOn = nextReturnOn(book.leaves);
    return conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keyOf(book.visitorId),
            recordType: 'leaves',
            visitorId: book.visitorId,
            leaves: book.leaves,
            version: book.version,
            ...(returnOn ? { returnShard: RETURN_PARTITION, returnSort: `${returnOn}#${book.visitorId}` } : {}),
          },
          ConditionExpression: book.version === 1 ? 'attribute_not_exists(personId)' : 'version = :previous',
          ...(book.version === 1 ? {} : { ExpressionAttributeValues: { ':previous': book.version - 1 } }),
        }),
      ),
    );
  }

  async *dueForReturn(on: LocalDate): AsyncIterable<LeaveBook> {
    const items = queryAll(this.client, {
      TableName: this.table,
      IndexName: 'leaveReturns',
      KeyConditionExpression: 'returnShard = :p AND returnSort < :s',
      // '~' sorts after '#': every `<on>#visitor` key is below `<on>~`.
      ExpressionAttributeValues: { ':p': RETURN_PARTITION, ':s': `${on}~` },
    });
    for await (const item of items) yield bookOf(item);
  }
}

function bookOf(item: Record<string, unknown>): LeaveBook {
  return { visitorId: String(item.visitorId), leaves: (item.leaves as Leave[] | undefined) ?? [], version: Number(item.version ?? 0) };
}
