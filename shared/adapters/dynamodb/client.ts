import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_IDS } from './tables';
import type { TableId } from './tables';

export type TableNames = Record<TableId, string>;

/** Request units spent, counted where they are spent (from DynamoDB's ReturnConsumedCapacity). */
export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  readonly calls = new Map<string, number>();

  record(command: string, consumed: unknown): void {
    this.calls.set(command, (this.calls.get(command) ?? 0) + 1);
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      const units = (c as { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number }) ?? {};
      const total = units.CapacityUnits ?? 0;
      if (/^(Get|BatchGet|Query|Scan)/.test(command)) this.readUnits += total;
      else this.writeUnits += total;
    }
  }

  snapshot(): { readUnits: number; writeUnits: number; calls: Record<string, number> } {
    return { readUnits: this.readUnits, writeUnits: this.writeUnits, calls: Object.fromEntries(this.calls) };
  }
}

export interface DocumentClientOptions {
  /** Loopback endpoint of the embedded engine; absent in AWS. */
  endpoint?: string;
  region?: string;
  /** The CLI's credentials on a deployed region (`--profile`); functions use their role's. */
  credentials?: DynamoDBClientConfig['credentials'];
  meter?: CapacityMeter;
  /** Requests in flight at once (the SDK's default is 50 sockets): the sender raises it to its own concurrency. */
  maxSockets?: number;
}

/** The low-level client (table administration); loopback credentials for the embedded engine. */
export function createBaseClient(options: DocumentClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(
    options.endpoint
      ? { endpoint: options.endpoint, region: options.region ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : { region: options.region, ...(options.credentials ? { credentials: options.credentials } : {}), ...(options.maxSockets ? { requestHandler: { httpsAgent: { maxSockets: options.maxSockets } } } : {}) },
  );
}

/** One document client for every repository; undefined values are dropped, not stored. */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const base = createBaseClient(options);
  const client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  const meter = options.meter;
  if (meter) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        meter.record(String(context.commandName).replace(/Command$/, ''), (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
        return result;
      },
      { step: 'initialize', name: 'tanfangCapacityMeter' },
    );
  }
  return client;
}

/** One table's name from the environment the CDK stack sets (`TABLE_<ID>`). */
export function tableNameFromEnv(id: TableId, env: NodeJS.ProcessEnv = process.env): string {
  const key = `TABLE_${id.toUpperCase()}`;
  const value = env[key];
  if (!value) throw new Error(`environment variable ${key} is not set (the stack sets it to the table name)`);
  return value;
}

/** Every table's name, for functions that are given them all. */
export function tableNamesFromEnv(env: NodeJS.ProcessEnv = process.env): TableNames {
  return Object.fromEntries(TABLE_IDS.map((id) => [id, tableNameFromEnv(id, env)])) as TableNames;
}
