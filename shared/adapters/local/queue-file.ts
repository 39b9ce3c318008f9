import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { jobMessageSchema } from '../../app/job-messages';
import type { JobMessage } from '../../ports';
import { ValidationError } from '../../domain/validation';

/** Queue names the local store knows: the jobs queue (generation and escalation). */
export const LOCAL_QUEUES = ['jobs'] as const;

const fileSchema = z.object({ waiting: z.array(jobMessageSchema).max(100_000), deadLetters: z.array(jobMessageSchema).max(100_000) }).strict();

export interface QueueFile {
  waiting: JobMessage[];
  deadLetters: JobMessage[];
}

const pathOf = (dataDir: string, name: string) => join(dataDir, 'queues', `${name}.json`);

/** A local queue's messages as the in-process queue left them in the data folder (none yet: empty). */
export function readQueueFile(dataDir: string, name: string): QueueFile {
  if (!(LOCAL_QUEUES as readonly string[]).includes(name)) throw new ValidationError('queue', [{ field: 'queue', rule: `must be one of ${LOCAL_QUEUES.join(', ')}` }]);
  const path = pathOf(dataDir, name);
  if (!existsSync(path)) return { waiting: [], deadLetters: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ValidationError('queue', [{ field: 'queue', rule: `${path} is not JSON: fix or remove it` }]);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(
      'queue',
      parsed.error.issues.map((i) => ({ field: `queue.${i.path.join('.')}`, rule: i.message })),
    );
  return parsed.data;
}

/** Written whole to a new file and renamed over the old: a crash leaves the old file or the new, never half of one. */
export function writeQueueFile(dataDir: string, name: string, file: QueueFile): void {
  mkdirSync(join(dataDir, 'queues'), { recursive: true });
  const path = pathOf(dataDir, name);
  writeFileSync(`${path}.tmp`, JSON.stringify(file));
  renameSync(`${path}.tmp`, path);
}
