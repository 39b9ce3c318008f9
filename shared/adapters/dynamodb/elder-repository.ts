import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GenerationCursor } from '../../domain/cadence/plan';
import type { ElderForGeneration, ElderForSpecial, ElderRecord } from '../../domain/ledger/elder-record';
import type { AreaScope } from '../../domain/special/areas';
import { localDateOf } from '../../domain/time/instant';
import type { LocalDate } from '../../domain/time/local-date';
import type { ElderRepository, ElderSaveResult, FieldCipher, JobPage, LedgerState } from '../../ports';
import { batchGetAll, batchPutAll } from './batch';
import { keyedHash, LocalFieldCipher } from '../crypto/field-cipher';
import { idKeyFromEnv } from '../../config/id-key';
import { forEachLimit } from '../../app/concurrency';
import { decodeAreaCursor, encodeAreaCursor } from './area-cursor';
import { genOn, inGenerationIndex, newProjectionItem, PROJECTED, recordFromItems, registrationItem, stripProjection } from './elder-items';
import { conditionally } from './errors';
import { IdNumberClaims } from './id-claims';
import { queryAll, queryShards } from './paging';
import { allShards, shardOf } from './shard';
import { shardPage } from './job-pages';
import { reviewKeys } from './review-keys';
import { reviewDueQuery } from './review-due';
import type { ReviewDueElder } from '../../domain/ledger/review-due';

/**
 * The ledger in two tables: `registrations` holds the form as entered (the truth, about 1 KB);
 * `elders` holds the small projection daily jobs read and the generation cursor they move, so
 * moving a cursor costs one write unit. The form is written first; the projection follows with
 * the same version and can always be rebuilt from it.
 */
export class DynamoElderRepository implements ElderRepository {
  private readonly cipher: FieldCipher;
  private readonly idKey: string;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { elders: string; registrations: string },
    protection: { cipher?: FieldCipher; idKey?: string } = {},
  ) {
    this.cipher = protection.cipher ?? new LocalFieldCipher();
    this.idKey = protection.idKey ?? idKeyFromEnv();
    this.claims = new IdNumberClaims(client, tables.registrations);
  }

  private readonly claims: IdNumberClaims;

  private hashOf(residentId: string): string {
    return keyedHash(residentId, this.idKey);
  }

  async findByResidentId(residentId: string): Promise<string | undefined> {
    const hash = this.hashOf(residentId);
    const claimed = await this.claims.owner(hash);
    if (claimed) return claimed;
    // Forms saved before claims existed are found through the index alone.
    const out = await this.client.send(new QueryCommand({ TableName: this.tables.registrations, IndexName: 'byIdHash', KeyConditionExpression: 'residentIdHash = :h', ExpressionAttributeValues: { ':h': hash }, Limit: 1 }));
    return out.Items?.[0] ? String(out.Items[0].elderId) : undefined;
  }

  async get(elderId: string): Promise<ElderRecord | undefined> {
    const [form, projection] = await Promise.all([
      this.client.send(new GetCommand({ TableName: this.tables.registrations, Key: { elderId }, ConsistentRead: true })),
      this.client.send(new GetCommand({ TableName: this.tables.elders, Key: { elderId }, ConsistentRead: true })),
    ]);
    if (!form.Item?.registration) return undefined;
    return recordFromItems(form.Item, projection.Item, this.cipher);
  }

  async getMany(elderIds: readonly string[]): Promise<Map<string, ElderRecord>> {
    const keys = [...new Set(elderIds)].map((elderId) => ({ elderId }));
    const [forms, projections] = await Promise.all([batchGetAll(this.client, this.tables.registrations, keys, true), batchGetAll(this.client, this.tables.elders, keys, true)]);
    const byId = new Map(projections.map((p) => [String(p.elderId), p]));
    const found = forms.filter((form) => form.registration !== undefined);
    return new Map(await Promise.all(found.map(async (form): Promise<[string, ElderRecord]> => [String(form.elderId), await recordFromItems(form, byId.get(String(form.elderId)), this.cipher)])));
  }

  async save(record: ElderRecord, options: { create?: boolean; settled: boolean }): Promise<ElderSaveResult> {
    const hash = this.hashOf(record.registration.residentId);
    const holder = await this.claims.claim(hash, record.elderId, record.updatedAt);
    if (holder !== record.elderId) return { ok: false, reason: 'number_taken', holder };
    const { Item: before } = await this.client.send(new GetCommand({ TableName: this.tables.registrations, Key: { elderId: record.elderId }, ConsistentRead: true, ProjectionExpression: 'residentIdHash' }));
    const item = await registrationItem(record, hash, this.cipher);
    const saved = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tables.registrations,
          Item: item,
          ConditionExpression: options.create ? 'attribute_not_exists(elderId)' : 'attribute_not_exists(elderId) OR version = :expected',
          ...(options.create ? {} : { ExpressionAttributeValues: { ':expected': record.version - 1 } }),
        }),
      ),
    );
    if (!saved) return { ok: false, reason: options.create ? 'exists' : 'version' };
    // The number this elder held before, if the form moved to another: free it for its owner.
    if (typeof before?.residentIdHash === 'string' && before.residentIdHash !== hash) await this.claims.release(before.residentIdHash, record.elderId);
    await this.project(record, options.settled);
    return { ok: true };
  }

  /** Writes the projection of a saved registration, unless a newer one is already there. */
  async project(record: ElderRecord, settled: boolean): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':version': record.version, ':areaSort': `${record.villageCode}#${record.elderId}` };
    const sets: string[] = ['areaSort = :areaSort'];
    const removes: string[] = [];
    PROJECTED.forEach((field, i) => {
      const value = record[field];
      names[`#f${i}`] = field;
      if (value === undefined) removes.push(`#f${i}`);
      else {
        values[`:f${i}`] = value;
        sets.push(`#f${i} = :f${i}`);
      }
    });
    if (settled) {
      sets.push('settledVersion = :version');
    }
    if (inGenerationIndex(record)) {
      sets.push('genShard = :shard', 'genOn = if_not_exists(genOn, :today)');
      values[':shard'] = shardOf('g', record.elderId);
      values[':today'] = genOn(localDateOf(record.updatedAt), record.elderId);
    } else {
      removes.push('genShard');
    }
    const review = reviewKeys(record);
    if ('reviewSort' in review) {
      sets.push('reviewCounty = :reviewCounty', 'reviewSort = :reviewSort');
      values[':reviewCounty'] = review.reviewCounty;
      values[':reviewSort'] = review.reviewSort;
    } else removes.push('reviewCounty', 'reviewSort');
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tables.elders,
          Key: { elderId: record.elderId },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(elderId) OR #version < :version',
          ExpressionAttributeNames: { ...names, '#version': 'version' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async markSettled(elderId: string, version: number): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tables.elders,
          Key: { elderId },
          UpdateExpression: 'SET settledVersion = :v',
          ConditionExpression: '#version = :v',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':v': version },
        }),
      ),
    );
  }

  async *ledgerStates(county: string): AsyncIterable<LedgerState> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ TableName: this.tables.registrations, IndexName: 'byCounty', KeyConditionExpression: 'countyCode = :c', ExpressionAttributeValues: { ':c': county }, Limit: 100, ExclusiveStartKey: start }),
      );
      const forms = page.Items ?? [];
      const projections = await batchGetAll(
        this.client,
        this.tables.elders,
        forms.map((f) => ({ elderId: f.elderId })),
        true,
      );
      const byId = new Map(projections.map((p) => [String(p.elderId), p]));
      for (const form of forms) {
        const projection = byId.get(String(form.elderId));
        const projectedVersion = typeof projection?.version === 'number' ? projection.version : undefined;
        yield {
          elderId: String(form.elderId),
          version: Number(form.version),
          projectedVersion,
          settledVersion: typeof projection?.settledVersion === 'number' ? projection.settledVersion : projectedVersion,
        };
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /**
   * Bulk-loads elders that are not in the ledger yet (a first import): each number claimed
   * first, then forms and projections 25 per request, unprocessed ones sent again. A crash
   * between the two leaves forms without projections, which the next import or
   * `tanfang ledger check` rebuilds from the forms.
   */
  async importNew(records: readonly ElderRecord[]): Promise<Map<string, string>> {
    const taken = new Map<string, string>();
    await forEachLimit(records, 16, async (r) => {
      const holder = await this.claims.claim(this.hashOf(r.registration.residentId), r.elderId, r.updatedAt);
      if (holder !== r.elderId) taken.set(r.elderId, holder);
    });
    // One item per key: a batch naming a key twice is refused whole by DynamoDB.
    const seen = new Set<string>();
    const fresh = records.filter((r) => !taken.has(r.elderId) && !seen.has(r.elderId) && seen.add(r.elderId));
    await this.batchPut(this.tables.registrations, await Promise.all(fresh.map((r) => registrationItem(r, this.hashOf(r.registration.residentId), this.cipher))));
    await this.batchPut(this.tables.elders, fresh.map(newProjectionItem));
    return taken;
  }

  private async batchPut(table: string, items: Record<string, unknown>[]): Promise<void> {
    await batchPutAll(this.client, table, items);
  }

  async *dueForGeneration(on: LocalDate): AsyncIterable<ElderForGeneration> {
    const items = await queryShards(this.client, { TableName: this.tables.elders, IndexName: 'dueForGeneration' }, allShards('g'), { partition: 'genShard', sort: 'genOn' }, on);
    for (const item of items) yield stripProjection<ElderForGeneration>(item);
  }

  generationShards(): string[] {
    return allShards('g');
  }

  async pageDueForGeneration(shard: string, on: LocalDate, limit: number, after?: string): Promise<JobPage<ElderForGeneration>> {
    const page = await shardPage(this.client, {
      table: this.tables.elders,
      index: 'dueForGeneration',
      partition: 'genShard',
      sort: 'genOn',
      shard,
      upTo: on,
      limit,
      after,
      tableKey: (sortValue) => {
        const elderId = /^\d{4}-\d{2}-\d{2}#([A-Za-z0-9_-]{1,64})$/.exec(sortValue)?.[1];
        return elderId ? { elderId } : undefined;
      },
    });
    return { items: page.items.map((i) => stripProjection<ElderForGeneration>(i)), next: page.next };
  }

  async pageInArea(scope: AreaScope, limit: number, cursor?: string): Promise<{ items: ElderForSpecial[]; next?: string | undefined }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tables.elders,
        IndexName: 'byCounty',
        KeyConditionExpression: 'countyCode = :c AND begins_with(areaSort, :p)',
        ExpressionAttributeValues: { ':c': scope.county, ':p': scope.prefix ?? scope.county },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeAreaCursor(cursor, scope) } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => stripProjection<ElderForSpecial>(i)),
      next: out.LastEvaluatedKey ? encodeAreaCursor(out.LastEvaluatedKey) : undefined,
    };
  }

  /** Elders of a county, or of a township or village in it: a Query on the byCounty index. */
  async *inArea(scope: AreaScope): AsyncIterable<ElderForSpecial> {
    const prefix = scope.prefix ?? scope.county;
    for await (const item of queryAll(this.client, {
      TableName: this.tables.elders,
      IndexName: 'byCounty',
      KeyConditionExpression: 'countyCode = :c AND begins_with(areaSort, :p)',
      ExpressionAttributeValues: { ':c': scope.county, ':p': prefix },
    })) {
      yield stripProjection<ElderForSpecial>(item);
    }
  }

  reviewDue(county: string, before: LocalDate): AsyncIterable<ReviewDueElder> {
    return reviewDueQuery(this.client, this.tables.elders, county, before);
  }

  async leaveGeneration(elderId: string): Promise<void> {
    await conditionally(() => this.client.send(new UpdateCommand({ TableName: this.tables.elders, Key: { elderId }, UpdateExpression: 'REMOVE genShard', ConditionExpression: 'attribute_exists(elderId)' })));
  }

  async advanceCursor(elderId: string, cursor: GenerationCursor, nextOn: LocalDate): Promise<boolean> {
    return conditionally(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tables.elders,
          Key: { elderId },
          UpdateExpression: 'SET #cursor = :cursor, cursorThrough = :through, genOn = :next',
          ConditionExpression: 'attribute_exists(elderId) AND (attribute_not_exists(cursorThrough) OR cursorThrough < :through)',
          ExpressionAttributeNames: { '#cursor': 'cursor' },
          ExpressionAttributeValues: { ':cursor': cursor, ':through': cursor.through, ':next': genOn(nextOn, elderId) },
        }),
      ),
    );
  }
}
