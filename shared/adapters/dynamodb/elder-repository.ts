import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchWriteCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GenerationCursor } from '../../domain/cadence/plan';
import type { ElderForGeneration, ElderForSpecial, ElderRecord } from '../../domain/ledger/elder-record';
import type { AreaScope } from '../../domain/special/areas';
import type { ElderRegistration } from '../../domain/elder/registration';
import { localDateOf } from '../../domain/time/instant';
import type { LocalDate } from '../../domain/time/local-date';
import type { ElderRepository, FieldCipher } from '../../ports';
import { batchGetAll } from './batch';
import { keyedHash, LocalFieldCipher } from '../crypto/field-cipher';
import { idKeyFromEnv } from '../../config/id-key';
import { conditionally } from './errors';
import { withoutAttributes } from './items';
import { queryAll, queryShards } from './paging';
import { allShards, shardOf } from './shard';

/** The projection's fields that come from the registration (everything but the cursor). */
const PROJECTED = [
  'profile', 'maskedName', 'villageCode', 'villageName', 'townshipCode', 'countyCode',
  'visitorId', 'status', 'statusHistory', 'consent', 'familyPhones', 'version', 'updatedAt', 'registeredOn',
] as const;

/** Index attributes, never part of the domain record. */
const INDEX_ATTRIBUTES = ['genShard', 'genOn', 'areaSort', 'cursorThrough'];

const strip = <T>(item: Record<string, unknown>): T => withoutAttributes<T>(item, INDEX_ATTRIBUTES);

/** In the generation index while the elder consents and is active (or leaves only later). */
function inGenerationIndex(record: ElderRecord): boolean {
  return record.consent.visits && (record.status.state === 'active' || record.status.since > localDateOf(record.updatedAt));
}

/** The generation index's sort key: the date, made unique by the elder id. */
const genOn = (date: LocalDate, elderId: string) => `${date}#${elderId}`;

/** The whole projection item of an elder not yet stored. */
function newElderItem(record: ElderRecord): Record<string, unknown> {
  const { registration: _form, ...projection } = record;
  return {
    ...projection,
    areaSort: `${record.villageCode}#${record.elderId}`,
    ...(inGenerationIndex(record) ? { genShard: shardOf('g', record.elderId), genOn: genOn(localDateOf(record.updatedAt), record.elderId) } : {}),
  };
}

/**
 * The form as stored: the ID number, the disability certificate number (which begins with it)
 * and household members' ID numbers are encrypted field by field (KMS envelope in AWS); a keyed
 * hash of the ID number is kept beside it so an elder can be found by number without storing
 * the number in the clear.
 */
async function sealed(reg: ElderRegistration, cipher: FieldCipher): Promise<ElderRegistration> {
  return {
    ...reg,
    residentId: await cipher.encrypt(reg.residentId),
    ...(reg.disability ? { disability: { ...reg.disability, certificateNumber: await cipher.encrypt(reg.disability.certificateNumber) } } : {}),
    householdMembers: await Promise.all(reg.householdMembers.map(async (m) => (m.residentId ? { ...m, residentId: await cipher.encrypt(m.residentId) } : m))),
  };
}

async function opened(reg: ElderRegistration, cipher: FieldCipher): Promise<ElderRegistration> {
  return {
    ...reg,
    residentId: await cipher.decrypt(reg.residentId),
    ...(reg.disability ? { disability: { ...reg.disability, certificateNumber: await cipher.decrypt(reg.disability.certificateNumber) } } : {}),
    householdMembers: await Promise.all((reg.householdMembers ?? []).map(async (m) => (m.residentId ? { ...m, residentId: await cipher.decrypt(m.residentId) } : m))),
  };
}

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
  }

  private async registrationItem(record: ElderRecord): Promise<Record<string, unknown>> {
    return {
      elderId: record.elderId,
      version: record.version,
      updatedAt: record.updatedAt,
      residentIdHash: keyedHash(record.registration.residentId, this.idKey),
      registration: await sealed(record.registration, this.cipher),
    };
  }

  async findByResidentId(residentId: string): Promise<string | undefined> {
    const out = await this.client.send(
      new QueryCommand({ TableName: this.tables.registrations, IndexName: 'byIdHash', KeyConditionExpression: 'residentIdHash = :h', ExpressionAttributeValues: { ':h': keyedHash(residentId, this.idKey) }, Limit: 1 }),
    );
    return out.Items?.[0] ? String(out.Items[0].elderId) : undefined;
  }

  async get(elderId: string): Promise<ElderRecord | undefined> {
    const [form, projection] = await Promise.all([
      this.client.send(new GetCommand({ TableName: this.tables.registrations, Key: { elderId }, ConsistentRead: true })),
      this.client.send(new GetCommand({ TableName: this.tables.elders, Key: { elderId }, ConsistentRead: true })),
    ]);
    if (!form.Item) return undefined;
    const registration = await opened(form.Item.registration as ElderRegistration, this.cipher);
    return { ...strip<Omit<ElderRecord, 'registration'>>(projection.Item ?? {}), registration } as ElderRecord;
  }

  async getMany(elderIds: readonly string[]): Promise<Map<string, ElderRecord>> {
    const keys = [...new Set(elderIds)].map((elderId) => ({ elderId }));
    const [forms, projections] = await Promise.all([batchGetAll(this.client, this.tables.registrations, keys, true), batchGetAll(this.client, this.tables.elders, keys, true)]);
    const byId = new Map(projections.map((p) => [String(p.elderId), p]));
    return new Map(
      await Promise.all(
        forms.map(async (form): Promise<[string, ElderRecord]> => {
          const id = String(form.elderId);
          return [id, { ...strip<Omit<ElderRecord, 'registration'>>(byId.get(id) ?? {}), registration: await opened(form.registration as ElderRegistration, this.cipher) } as ElderRecord];
        }),
      ),
    );
  }

  async save(record: ElderRecord): Promise<boolean> {
    const item = await this.registrationItem(record);
    const saved = await conditionally(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tables.registrations,
          Item: item,
          ConditionExpression: 'attribute_not_exists(elderId) OR version = :expected',
          ExpressionAttributeValues: { ':expected': record.version - 1 },
        }),
      ),
    );
    if (!saved) return false;
    await this.project(record);
    return true;
  }

  /** Writes the projection of a saved registration, unless a newer one is already there. */
  private async project(record: ElderRecord): Promise<void> {
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
    if (inGenerationIndex(record)) {
      sets.push('genShard = :shard', 'genOn = if_not_exists(genOn, :today)');
      values[':shard'] = shardOf('g', record.elderId);
      values[':today'] = genOn(localDateOf(record.updatedAt), record.elderId);
    } else {
      removes.push('genShard');
    }
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

  /**
   * Bulk-loads elders that are not in the ledger yet (a first import): 25 items per request,
   * unprocessed ones sent again. Unconditional, so callers must know the ids are new.
   */
  async importNew(records: readonly ElderRecord[]): Promise<void> {
    await this.batchPut(this.tables.registrations, await Promise.all(records.map((r) => this.registrationItem(r))));
    await this.batchPut(this.tables.elders, records.map(newElderItem));
  }

  private async batchPut(table: string, items: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let requests: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`${table}: ${requests.length} writes still unprocessed after ${attempt} batches`);
        const out: BatchWriteCommandOutput = await this.client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = out.UnprocessedItems?.[table];
      }
    }
  }

  async *dueForGeneration(on: LocalDate): AsyncIterable<ElderForGeneration> {
    const items = await queryShards(
      this.client,
      { TableName: this.tables.elders, IndexName: 'dueForGeneration' },
      allShards('g'),
      { partition: 'genShard', sort: 'genOn' },
      on,
    );
    for (const item of items) yield strip<ElderForGeneration>(item);
  }

  async pageInArea(scope: AreaScope, limit: number, cursor?: string): Promise<{ items: ElderForSpecial[]; next?: string | undefined }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tables.elders,
        IndexName: 'byCounty',
        KeyConditionExpression: 'countyCode = :c AND begins_with(areaSort, :p)',
        ExpressionAttributeValues: { ':c': scope.county, ':p': scope.prefix ?? scope.county },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => strip<ElderForSpecial>(i)),
      next: out.LastEvaluatedKey ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url') : undefined,
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
      yield strip<ElderForSpecial>(item);
    }
  }

  async leaveGeneration(elderId: string): Promise<void> {
    await conditionally(() =>
      this.client.send(
        new UpdateCommand({ TableName: this.tables.elders, Key: { elderId }, UpdateExpression: 'REMOVE genShard', ConditionExpression: 'attribute_exists(elderId)' }),
      ),
    );
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
