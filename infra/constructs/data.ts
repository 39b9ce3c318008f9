import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Attribute, GlobalSecondaryIndexPropsV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_IDS, TABLES } from '../../shared/adapters/dynamodb/tables';
import type { IndexDefinition, KeyAttribute, TableId } from '../../shared/adapters/dynamodb/tables';

const attribute = (k: KeyAttribute): Attribute => ({ name: k.name, type: k.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER });

function index(i: IndexDefinition): GlobalSecondaryIndexPropsV2 {
  const projection = i.projection.type === 'INCLUDE' ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: i.projection.attributes } : { projectionType: i.projection.type === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY };
  return { indexName: i.name, partitionKey: attribute(i.partitionKey), ...(i.sortKey ? { sortKey: attribute(i.sortKey) } : {}), ...projection };
}

/**
 * The region's data: one customer-managed KMS key and the tables of shared/adapters/dynamodb/tables.ts
 * (the same definitions the local runner uses), on demand, with point-in-time recovery,
 * encryption with the key and deletion protection. Personal data outlives any one stack: RETAIN.
 */
export class Data extends Construct {
  readonly key: Key;
  readonly tables: Record<TableId, TableV2>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Tanfang: elder ledger, tasks, visits and SMS outbox',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const tables = {} as Record<TableId, TableV2>;
    for (const id of TABLE_IDS) {
      const def = TABLES[id];
      tables[id] = new TableV2(this, `${id[0]!.toUpperCase()}${id.slice(1)}Table`, {
        partitionKey: attribute(def.partitionKey),
        ...(def.sortKey ? { sortKey: attribute(def.sortKey) } : {}),
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.customerManagedKey(this.key),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        globalSecondaryIndexes: def.indexes.map(index),
        ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
        ...(def.stream ? { dynamoStream: StreamViewType.KEYS_ONLY } : {}),
      });
    }
    this.tables = tables;
  }

  /** The environment every function gets: the table names. */
  tableEnvironment(): Record<string, string> {
    return Object.fromEntries(TABLE_IDS.map((id) => [`TABLE_${id.toUpperCase()}`, this.tables[id].tableName]));
  }
}
