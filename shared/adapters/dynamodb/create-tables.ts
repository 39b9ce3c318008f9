import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient, GlobalSecondaryIndex, Projection as SdkProjection } from '@aws-sdk/client-dynamodb';
import type { TableNames } from './client';
import { TABLE_IDS, TABLES } from './tables';
import type { Projection, TableDefinition } from './tables';

function projection(p: Projection): SdkProjection {
  return p.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: p.attributes } : { ProjectionType: p.type };
}

function createInput(def: TableDefinition, name: string) {
  const attributes = new Map<string, 'S' | 'N'>();
  const keys = [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  for (const k of keys) if (k) attributes.set(k.name, k.type);
  const gsis: GlobalSecondaryIndex[] = def.indexes.map((i) => ({
    IndexName: i.name,
    KeySchema: [{ AttributeName: i.partitionKey.name, KeyType: 'HASH' }, ...(i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' as const }] : [])],
    Projection: projection(i.projection),
  }));
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: [{ AttributeName: def.partitionKey.name, KeyType: 'HASH' as const }, ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' as const }] : [])],
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
  };
}

export function localTableNames(prefix = 'tanfang'): TableNames {
  return Object.fromEntries(TABLE_IDS.map((id) => [id, `${prefix}-${id}`])) as TableNames;
}

/** Creates the tables the CDK stack defines (same definitions) on the embedded engine; existing ones are kept. */
export async function createTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const id of TABLE_IDS) {
    try {
      await client.send(new DescribeTableCommand({ TableName: names[id] }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(createInput(TABLES[id], names[id])));
    }
  }
}
