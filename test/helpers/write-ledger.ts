import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableNames } from '../../shared/adapters/dynamodb/client';
import { writeCost } from '../../shared/adapters/dynamodb/metering';
import type { Item, WriteCost } from '../../shared/adapters/dynamodb/metering';
import { TABLES } from '../../shared/adapters/dynamodb/tables';
import type { TableDefinition, TableId } from '../../shared/adapters/dynamodb/tables';

export interface MeteredWrite {
  table: TableId;
  command: string;
  key: string;
  cost: WriteCost;
}

const keyOf = (def: TableDefinition, item: Record<string, unknown>) => Object.fromEntries([def.partitionKey.name, def.sortKey?.name].filter((n): n is string => n !== undefined).map((n) => [n, item[n]]));

/**
 * Every single-item write the client makes, priced as DynamoDB meters it (`writeCost`, index
 * entries included): the item is read before and after the write, so what is counted is what the
 * adapters really stored, not what a test believes they store. For measurement only (it doubles
 * the reads); batch writes are not metered (the task and outbox paths write single items).
 */
export function meterWrites(client: DynamoDBDocumentClient, names: TableNames): { writes: MeteredWrite[]; stop(): void } {
  const byName = new Map(Object.entries(names).map(([id, name]) => [name, TABLES[id as TableId]]));
  const writes: MeteredWrite[] = [];
  const read = async (TableName: string, Key: Record<string, unknown>) => (await client.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item as Item | undefined;
  const name = 'tanfangWriteLedger';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/(Item)?Command$/, '');
      const input = args.input as { TableName?: string; Item?: Record<string, unknown>; Key?: Record<string, unknown> };
      const def = input.TableName ? byName.get(input.TableName) : undefined;
      if (!def || !['Put', 'Update', 'Delete'].includes(command)) return next(args);
      const key = input.Key ?? keyOf(def, input.Item ?? {});
      const before = await read(input.TableName!, key);
      const result = await next(args);
      const after = await read(input.TableName!, key);
      if (JSON.stringify(before) !== JSON.stringify(after)) writes.push({ table: def.id, command, key: Object.values(key).join('|'), cost: writeCost(def, before, after) });
      return result;
    },
    { step: 'initialize', name },
  );
  return { writes, stop: () => client.middlewareStack.remove(name) };
}

/** The units a set of writes cost, with each index's share. */
export function totalOf(writes: readonly MeteredWrite[]): { total: number; table: number; indexes: Record<string, number> } {
  const indexes: Record<string, number> = {};
  for (const w of writes) for (const [n, u] of Object.entries(w.cost.indexes)) indexes[n] = (indexes[n] ?? 0) + u;
  return { total: writes.reduce((a, w) => a + w.cost.total, 0), table: writes.reduce((a, w) => a + w.cost.table, 0), indexes };
}
