import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchGetCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Person } from '../../domain/people/person';
import type { PersonRepository } from '../../ports';
import { withoutAttributes } from './items';
import { collect, queryAll } from './paging';

const strip = (item: Record<string, unknown>): Person => withoutAttributes<Person>(item, ['roleSort']);

export class DynamoPersonRepository implements PersonRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(personId: string): Promise<Person | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { personId } }));
    return Item ? strip(Item) : undefined;
  }

  async getMany(personIds: readonly string[]): Promise<Map<string, Person>> {
    const found = new Map<string, Person>();
    const ids = [...new Set(personIds)];
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((personId) => ({ personId }));
      // BatchGet may return some keys unprocessed under load: ask again for exactly those.
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`people: ${keys.length} keys still unprocessed after ${attempt} batch reads`);
        const out: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }));
        for (const item of out.Responses?.[this.table] ?? []) found.set(String(item.personId), strip(item));
        keys = out.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  async save(person: Person): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: { ...person, roleSort: `${[...person.roles].sort().join('+')}#${person.personId}` } }),
    );
  }

  async inArea(areaCode: string): Promise<Person[]> {
    const items = await collect(
      queryAll(this.client, { TableName: this.table, IndexName: 'byArea', KeyConditionExpression: 'areaCode = :a', ExpressionAttributeValues: { ':a': areaCode } }),
    );
    return items.map(strip);
  }
}
