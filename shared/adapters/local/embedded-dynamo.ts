import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CapacityMeter, createBaseClient, createDocumentClient } from '../dynamodb/client';
import type { TableNames } from '../dynamodb/client';
import { createTables, localTableNames } from '../dynamodb/create-tables';

export interface EmbeddedDynamo {
  endpoint: string;
  client: DynamoDBDocumentClient;
  /** For table administration (creating tables). */
  admin: DynamoDBClient;
  names: TableNames;
  meter: CapacityMeter;
  close(): Promise<void>;
}

/**
 * Starts dynalite in this process, listening on loopback only, and creates the stack's tables.
 * In memory by default; with `path`, data persists in a LevelDB folder between runs.
 */
export async function startEmbeddedDynamo(options: { path?: string; prefix?: string } = {}): Promise<EmbeddedDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return connectDynamo(`http://127.0.0.1:${port}`, () => new Promise<void>((resolve) => server.close(() => resolve())), options.prefix);
}

/**
 * Clients for a DynamoDB on loopback and the stack's tables created there; `stop` ends the server
 * after the clients are closed (this process's dynalite, or a child process's: the scale bench).
 */
export async function connectDynamo(endpoint: string, stop: () => Promise<void>, prefix?: string): Promise<EmbeddedDynamo> {
  const meter = new CapacityMeter();
  const client = createDocumentClient({ endpoint, meter });
  const admin = createBaseClient({ endpoint });
  const names = localTableNames(prefix);
  await createTables(admin, names);
  return {
    endpoint,
    client,
    admin,
    names,
    meter,
    close: async () => {
      client.destroy();
      admin.destroy();
      await stop();
    },
  };
}
