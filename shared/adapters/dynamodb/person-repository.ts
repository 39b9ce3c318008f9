import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch';
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
    const items = await batchGetAll(
      this.client,
      this.table,
      [...new Set(personIds)].map((personId) => ({ personId })),
    );
    return new Map(items.map((item) => [String(item.personId), strip(item)]));
  }

  async save(person: Person): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: { ...person, roleSort: `${[...person.roles].sort().join('+')}#${person.personId}` } }));
  }

  async inArea(areaCode: string): Promise<Person[]> {
    const items = await collect(queryAll(this.client, { TableName: this.table, IndexName: 'byArea', KeyConditionExpression: 'areaCode = :a', ExpressionAttributeValues: { ':a': areaCode } }));
    return items.map(strip);
  }
}
