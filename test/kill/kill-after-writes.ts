/**
 * Loaded into a child process with `node --import tsx --import <this file>`: SIGKILLs the
 * process at its Nth DynamoDB write of one kind (`TANFANG_KILL_ON`, e.g. PutCommand;
 * `TANFANG_KILL_AT_WRITE`), either just before sending it or just after its answer
 * (`TANFANG_KILL_WHEN=before|after`) — a crash at a chosen point between two writes, as a
 * power cut or an OOM kill would leave the store. Test code only.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const killAt = Number(process.env.TANFANG_KILL_AT_WRITE ?? '0');
const when = process.env.TANFANG_KILL_WHEN === 'after' ? 'after' : 'before';
const kind = process.env.TANFANG_KILL_ON ?? '';
let writes = 0;

const send = DynamoDBDocumentClient.prototype.send;
DynamoDBDocumentClient.prototype.send = function patched(this: DynamoDBDocumentClient, ...args: Parameters<typeof send>) {
  const command = args[0] as { constructor: { name: string } };
  if (killAt > 0 && command.constructor.name === kind && ++writes === killAt) {
    if (when === 'before') process.kill(process.pid, 'SIGKILL');
    const answered = send.apply(this, args) as unknown as Promise<unknown>;
    return answered.then(() => process.kill(process.pid, 'SIGKILL')) as unknown as ReturnType<typeof send>;
  }
  return send.apply(this, args);
} as typeof send;
