import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectDynamo } from '../../shared/adapters/local/embedded-dynamo';
import type { EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo';

/**
 * dynalite in a child process on loopback, with the stack's tables: what `startEmbeddedDynamo`
 * gives, except that the table data lives outside this process. A bench that samples its heap per
 * invocation then measures the worker, not the database (in-process dynalite holds the whole
 * ledger in this heap, so the figure would grow with the ledger whatever the jobs do).
 */
export async function startDynamoProcess(): Promise<EmbeddedDynamo> {
  const child = fork(fileURLToPath(new URL('./dynamo-server.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bench's dynalite process ended (exit ${code}) before it listened`)));
    child.once('message', (m) => resolve((m as { port: number }).port));
  });
  return connectDynamo(`http://127.0.0.1:${port}`, async () => {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.disconnect();
    await exited;
  });
}
