import { createHash } from 'node:crypto';
import { INDEX_SHARDS } from './tables';

/** A stable shard of a sparse index's partition key, e.g. `g3`, spread by the item's own key. */
export function shardOf(prefix: string, key: string): string {
  const n = createHash('sha1').update(key).digest().readUInt32BE(0) % INDEX_SHARDS;
  return `${prefix}${n}`;
}

export function allShards(prefix: string): string[] {
  return Array.from({ length: INDEX_SHARDS }, (_, i) => `${prefix}${i}`);
}
