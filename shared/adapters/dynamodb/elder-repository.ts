import { BatchWriteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GenerationCursor } from '../../domain/cadence/plan';
import type { ElderForGeneration, ElderRecord } from '../../domain/ledger/elder-record';
import { localDateOf } from '../../domain/time/instant';
import type { LocalDate } from '../../domain/time/local-date';
import type { ElderRepository } from '../../ports';
import { conditionally } from './errors';
import { withoutAttributes } from './items';
import { queryShards } from './paging';
import { allShards, shardOf } from './shard';

const LEDGER_FIELDS = [
  'registration', 'profile', 'maskedName', 'villageCode', 'villageName', 'townshipCode', 'countyCode',
  'visitorId', 'status', 'statusHistory', 'consent', 'version', 'updatedAt',
] as const;

/** Index attributes, never part of the domain record. */
const INDEX_ATTRIBUTES = ['genShard', 'genOn', 'areaSort', 'cursorThrough'];

const strip = <T>(item: Record<string, unknown>): T => withoutAttributes<T>(item, INDEX_ATTRIBUTES);

/** In the generation index while the elder consents and is active (or leaves only later). */
function inGenerationIndex(record: ElderRecord): boolean {
  return record.consent.visits && (record.status.state === 'active' || record.status.since > localDateOf(record.updatedAt));
}

/** The whole item of an elder not yet stored. */
function newElderItem(record: ElderRecord): Record<string, unknown> {
  return {
    ...record,
    areaSort: `${record.villageCode}#${record.elderId}`,
    ...(inGenerationIndex(record) ? { genShard: shardOf('g', record.elderId), genOn: localDateOf(record.updatedAt) } : {}),
  };
}

export class DynamoElderRepository implements ElderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(elderId: string): Promise<ElderRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { elderId } }));
    return Item ? strip<ElderRecord>(Item) : undefined;
  }

  async save(record: ElderRecord): Promise<boolean> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': record.version - 1, ':areaSort': `${record.villageCode}#${record.elderId}` };
    const sets: string[] = ['areaSort = :areaSort'];
    const removes: string[] = [];
    LEDGER_FIELDS.forEach((field, i) => {
      const value = record[field];
      names[`#f${i}`] = field;
      if (value === undefined) removes.push(`#f${i}`);
      else {
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      }
    });
    const today = localDateOf(record.updatedAt);
    if (inGenerationIndex(record)) {
      sets.push('genShard = :shard', 'genOn = if_not_exists(genOn, :today)');
      values[':shard'] = shardOf('g', record.elderId);
      values[':today'] = today;
    } else {
      removes.push('genShard');
    }
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { elderId: record.elderId },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(elderId) OR version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /**
   * Bulk-loads elders that are not in the table yet (a first import): 25 per request, with the
   * unprocessed ones sent again. Unconditional, so callers must know the ids are new.
   */
  async importNew(records: readonly ElderRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 25) {
      let requests: { PutRequest: { Item: Record<string, unknown> } }[] | undefined = records
        .slice(i, i + 25)
        .map((record) => ({ PutRequest: { Item: newElderItem(record) } }));
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`elders: ${requests.length} writes still unprocessed after ${attempt} batches`);
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = out.UnprocessedItems?.[this.table] as typeof requests;
      }
    }
  }

  async *dueForGeneration(on: LocalDate): AsyncIterable<ElderForGeneration> {
    const items = await queryShards(
      this.client,
      { TableName: this.table, IndexName: 'dueForGeneration' },
      allShards('g'),
      { partition: 'genShard', sort: 'genOn' },
      on,
    );
    for (const item of items) yield strip<ElderForGeneration>(item);
  }

  async leaveGeneration(elderId: string): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({ TableName: this.table, Key: { elderId }, UpdateExpression: 'REMOVE genShard', ConditionExpression: 'attribute_exists(elderId)' }),
      ),
    );
  }

  async advanceCursor(elderId: string, cursor: GenerationCursor, nextOn: LocalDate): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { elderId },
          UpdateExpression: 'SET #cursor = :cursor, cursorThrough = :through, genOn = :next',
          ConditionExpression: 'attribute_exists(elderId) AND (attribute_not_exists(cursorThrough) OR cursorThrough < :through)',
          ExpressionAttributeNames: { '#cursor': 'cursor' },
          ExpressionAttributeValues: { ':cursor': cursor, ':through': cursor.through, ':next': nextOn },
        }),
      ),
    );
  }
}
