import { createHash } from 'node:crypto';
import { INDEX_SHARDS, JOB_SHARDS } from './tables';

/** A stable shard of a sparse index's partition key, e.g. `g3`, spread by the item's own key. */
export function shardOf(prefix: string, key: string): string {
  const n = createHash('sha1').update(key).digest().readUInt32BE(0) % shardsOf(prefix);
  return `${prefix}${n}`;
}

export function allShards(prefix: string): string[] {
  return Array.from({ length: shardsOf(prefix) }, (_, i) => `${prefix}${i}`);
}

/** The generation (`g`) and attention (`a`) indexes are walked by fan-out jobs, one worker per shard. */
function shardsOf(prefix: string): number {
  return prefix === 'g' || prefix === 'a' ? JOB_SHARDS : INDEX_SHARDS;
}
