import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LedgerUpload, UploadRepository } from '../../ports';
import { conditionally } from './errors';

/** Ledger uploads, one item each; every change of status is a conditional write. */
export class DynamoUploadRepository implements UploadRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  create(upload: LedgerUpload): Promise<boolean> {
    return conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: upload, ConditionExpression: 'attribute_not_exists(uploadId)' })));
  }

  async get(uploadId: string): Promise<LedgerUpload | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { uploadId } }));
    return Item as LedgerUpload | undefined;
  }

  claim(uploadId: string, at: string, staleBefore: string, etag?: string): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { uploadId },
          UpdateExpression: `SET #s = :importing, claimedAt = :at${etag ? ', etag = :etag' : ''}`,
          ConditionExpression: '#s = :pending OR (#s = :importing AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':importing': 'importing', ':pending': 'pending', ':at': at, ':stale': staleBefore, ...(etag ? { ':etag': etag } : {}) },
        }),
      ),
    );
  }

  progress(uploadId: string, claimedAt: string, progress: { rowsDone: number; rowsTotal: number }): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { uploadId },
          UpdateExpression: 'SET progress = :p',
          ConditionExpression: '#s = :importing AND claimedAt = :at',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':p': progress, ':importing': 'importing', ':at': claimedAt },
        }),
      ),
    );
  }

  async finish(uploadId: string, change: Pick<LedgerUpload, 'status' | 'finishedAt' | 'report' | 'reason' | 'message'>): Promise<void> {
    const fields = Object.entries(change).filter(([, v]) => v !== undefined);
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { uploadId },
        UpdateExpression: `SET ${fields.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ConditionExpression: '#status = :importing',
        ExpressionAttributeNames: Object.fromEntries(fields.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([k, v]) => [`:${k}`, v])), ':importing': 'importing' },
      }),
    );
  }
}
