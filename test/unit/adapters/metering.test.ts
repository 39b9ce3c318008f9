import { describe, expect, it } from 'vitest';
import { itemSize, valueSize, writeCost } from '../../../shared/adapters/dynamodb/metering';
import type { TableDefinition } from '../../../shared/adapters/dynamodb/tables';

const table: TableDefinition = {
  id: 'tasks',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [
    { name: 'all', partitionKey: { name: 'openKey', type: 'S' }, sortKey: { name: 'due', type: 'S' }, projection: { type: 'ALL' }, serves: 'test' },
    { name: 'lean', partitionKey: { name: 'month', type: 'S' }, projection: { type: 'INCLUDE', attributes: ['state'] }, serves: 'test' },
  ],
};
const big = 'x'.repeat(1500);

describe('write units as DynamoDB meters them', () => {
  it('counts names and values: strings in UTF-8 bytes, numbers by significant digits, maps and lists with their overhead', () => {
    expect(itemSize({ pk: 'E1', 名: '张' })).toBe(2 + 2 + 3 + 3);
    expect(valueSize(12345)).toBe(4);
    expect(valueSize(true)).toBe(1);
    expect(valueSize({ a: 'b' })).toBe(3 + 1 + 1 + 1);
    expect(valueSize(['a', 'b'])).toBe(3 + 2 + 2);
    expect(itemSize({ pk: 'E1', gone: undefined })).toBe(4);
  });

  it('charges a put one unit per started KB on the table and on each index it enters, nothing on a sparse index it misses', () => {
    const item = { pk: 'E1', sk: 'T1', openKey: 'v1', due: '2026-12-01', body: big, state: 'open' };
    expect(writeCost(table, undefined, item)).toEqual({ table: 2, indexes: { all: 2, lean: 0 }, total: 4 });
    expect(writeCost(table, undefined, { ...item, month: '2026-12' }).indexes.lean).toBe(1);
  });

  it('charges an update that leaves the index entry as it was nothing there, a moved key a delete and a put, leaving the index one delete', () => {
    const before = { pk: 'E1', sk: 'T1', openKey: 'v1', due: 'a', month: 'm', state: 'open', note: 'x' };
    expect(writeCost(table, before, { ...before, note: 'y' }).indexes).toEqual({ all: 1, lean: 0 });
    expect(writeCost(table, before, { ...before, due: 'b' }).indexes.all).toBe(2);
    expect(writeCost(table, before, { ...before, openKey: undefined, due: undefined }).indexes.all).toBe(1);
    expect(writeCost(table, before, { ...before, state: 'done' }).indexes.lean).toBe(1);
  });
});
