import type { IndexDefinition, TableDefinition } from './tables';

/**
 * Write units as DynamoDB meters them, from item sizes: the table write and the entries each
 * global secondary index receives. dynalite reports the table's units only, so benchmarks and
 * tests use this to count what a write costs with its index entries.
 *
 * The rules (DynamoDB Developer Guide, "Item sizes" and "Provisioned throughput considerations
 * for global secondary indexes"): one write unit per started KB of the larger of the old and new
 * item; an index entry costs one unit per started KB of its projection; an update that moves an
 * item into or out of a sparse index, or changes its index key, costs a put (and a delete for the
 * old entry); an update that leaves every projected attribute unchanged costs the index nothing.
 */
export type Item = Record<string, unknown>;

export interface WriteCost {
  table: number;
  indexes: Record<string, number>;
  total: number;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** The size DynamoDB counts for one attribute value (numbers: about one byte per two significant digits, plus one). */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/e.*$/i, '').length;
    return Math.ceil(Math.max(digits, 1) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce<number>((a, v) => a + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce<number>((a, v) => a + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + Object.entries(value as Item).reduce((a, [k, v]) => a + (v === undefined ? 0 : 1 + utf8(k) + valueSize(v)), 0);
  return utf8(String(value));
}

/** An item's size: each attribute's name and value (undefined attributes are not stored). */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((a, [k, v]) => a + (v === undefined ? 0 : utf8(k) + valueSize(v)), 0);
}

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

function keyNames(table: TableDefinition, index: IndexDefinition): string[] {
  return [table.partitionKey.name, table.sortKey?.name, index.partitionKey.name, index.sortKey?.name].filter((n): n is string => n !== undefined);
}

/** The index entry an item makes, or undefined when it lacks the index's key (sparse). */
export function indexEntry(table: TableDefinition, index: IndexDefinition, item: Item | undefined): Item | undefined {
  if (!item || item[index.partitionKey.name] === undefined || (index.sortKey && item[index.sortKey.name] === undefined)) return undefined;
  const names = index.projection.type === 'ALL' ? Object.keys(item) : [...keyNames(table, index), ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : [])];
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v)) === JSON.stringify(b, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v));

function indexCost(table: TableDefinition, index: IndexDefinition, before: Item | undefined, after: Item | undefined): number {
  const old = indexEntry(table, index, before);
  const next = indexEntry(table, index, after);
  if (!old && !next) return 0;
  if (!old) return units(itemSize(next!));
  if (!next) return units(itemSize(old));
  const keyChanged = old[index.partitionKey.name] !== next[index.partitionKey.name] || (index.sortKey !== undefined && old[index.sortKey.name] !== next[index.sortKey.name]);
  if (keyChanged) return units(itemSize(old)) + units(itemSize(next));
  return same(old, next) ? 0 : units(itemSize(next));
}

/** What writing `after` over `before` costs (a put: no `before`; a delete: no `after`). */
export function writeCost(table: TableDefinition, before: Item | undefined, after: Item | undefined): WriteCost {
  const tableUnits = units(Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0));
  const indexes = Object.fromEntries(table.indexes.map((i) => [i.name, indexCost(table, i, before, after)]));
  return { table: tableUnits, indexes, total: tableUnits + Object.values(indexes).reduce((a, n) => a + n, 0) };
}
