import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../domain/access/audit';
import { toMillis } from '../../domain/time/instant';
import type { AuditLog } from '../../ports';
import { collect, queryAll } from './paging';

/** Audit entries are kept three years, then expire (TTL configured in the stack). */
const RETENTION_SECONDS = 3 * 366 * 86_400;

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...entry, auditSort: `${entry.at}#${entry.requestId}`, expiresAtEpoch: Math.floor(toMillis(entry.at) / 1000) + RETENTION_SECONDS },
      }),
    );
  }

  async forElder(elderId: string): Promise<AuditEntry[]> {
    const items = await collect(queryAll(this.client, { TableName: this.table, KeyConditionExpression: 'elderId = :e', ExpressionAttributeValues: { ':e': elderId }, ScanIndexForward: false }));
    return items.map(({ auditSort: _s, expiresAtEpoch: _x, ...e }) => e as unknown as AuditEntry);
  }
}
