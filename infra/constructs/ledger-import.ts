import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType } from 'aws-cdk-lib/aws-s3';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RegionRuntime } from '../../shared/config/region-config';
import { STALE_IMPORT_MINUTES, UPLOAD_PREFIX } from '../../shared/domain/ledger/upload';
import { acknowledgeGrantWildcards } from './acknowledgements';
import { ScheduledFunction } from './scheduled-function';

/** The import may run this long: a claim older than STALE_IMPORT_MINUTES is surely dead, so a retry may take it over. */
export const IMPORT_TIMEOUT = Duration.minutes(STALE_IMPORT_MINUTES - 1);
/** A message comes back after this long: past the timeout and the stale claim, so the retry finds the first run finished or dead. */
export const IMPORT_VISIBILITY = Duration.minutes(STALE_IMPORT_MINUTES + 5);
/** Receives before an upload's event is parked in the dead letters (alarmed). */
export const IMPORT_MAX_RECEIVES = 4;

export interface LedgerImportProps {
  runtime: RegionRuntime;
  key: IKey;
  environment: Record<string, string>;
  bucket: Bucket;
  idHashKey: ISecret;
  /** What an import writes (the ledger, the tasks and SMS of moved elders, the upload's status) and reads (the roster). */
  tables: { uploads: ITableV2; registrations: ITableV2; elders: ITableV2; tasks: ITableV2; outbox: ITableV2; people: ITableV2 };
}

/**
 * Ledger files are imported when they land, off the API: the upload bucket notifies an SQS queue
 * (KMS, TLS only) of every object created under `ledger/`, and the import-ledger function takes
 * one message at a time, at most two at once (two county ledgers, not a storm of writes).
 * S3 → SQS → Lambda rather than S3 → Lambda or the API enqueuing: the import starts when the
 * object exists (no second request for a client to forget or replay), and the queue's retries
 * come back after the stale-claim time, so a killed import is taken over instead of skipped
 * as busy; what still fails lands in the function's dead letters, which the alarms watch.
 */
export class LedgerImport extends Construct {
  readonly job: ScheduledFunction;
  readonly queue: Queue;

  constructor(scope: Construct, id: string, props: LedgerImportProps) {
    super(scope, id);
    this.job = new ScheduledFunction(this, 'ImportLedger', {
      job: 'import-ledger',
      description: 'Imports a ledger file uploaded to the upload bucket, once, and keeps its row report on the upload',
      timeout: IMPORT_TIMEOUT,
      // A 30 MiB XLSX streams row by row, but 100,000 rows and their checks are held at once.
      memorySize: 2048,
      environment: { ...props.environment, TANFANG_FIELD_KEY_ARN: props.key.keyArn, TANFANG_ID_HASH_SECRET_ARN: props.idHashKey.secretArn, TANFANG_UPLOAD_BUCKET: props.bucket.bucketName },
      runtime: props.runtime,
      key: props.key,
    });
    // A key of its own: S3 must be allowed to use the queue's key for this bucket, and the bucket
    // is encrypted with the stack's key, so the stack's key would name the bucket that names it
    // (a dependency cycle). The messages hold object keys, sizes and ETags: no personal data.
    const queueKey = new Key(this, 'QueueKey', { enableKeyRotation: true, description: 'Tanfang: the ledger import queue (S3 event notifications)' });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      visibilityTimeout: IMPORT_VISIBILITY,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.job.deadLetterQueue, maxReceiveCount: IMPORT_MAX_RECEIVES },
    });
    props.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), { prefix: UPLOAD_PREFIX });
    acknowledgeNotificationsHandler(Stack.of(this));
    this.job.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }));
    this.grant(props);
  }

  /** Reads the uploads prefix only (no list, no write, no delete), writes the ledger tables, reads the ID-hash key. */
  private grant(props: LedgerImportProps): void {
    const role = this.job.role;
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [props.bucket.arnForObjects(`${UPLOAD_PREFIX}*`)] }));
    props.key.grantDecrypt(role);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.bucket.node.defaultChild as never)}.Arn>/${UPLOAD_PREFIX}*]`,
      reason: 'Ledger files are named by upload id under ledger/; the import reads the one file its event names.',
    });
    const { uploads, registrations, elders, tasks, outbox, people } = props.tables;
    for (const table of [uploads, registrations, elders, tasks, outbox]) table.grantReadWriteData(role);
    people.grantReadData(role);
    acknowledgeGrantWildcards(role, { tables: [uploads, registrations, elders, tasks, outbox, people], kms: true });
    props.idHashKey.grantRead(role);
  }
}

/** The CDK's own handler that writes the bucket's notification configuration at deploy time (one per stack). */
function acknowledgeNotificationsHandler(stack: Stack): void {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler) throw new Error('the bucket notification handler was not found: has the CDK renamed it?');
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "The CDK's BucketNotificationsHandler (a deploy-time custom resource that sets the upload bucket's event notification) writes its logs with the basic execution role; it handles no data.",
  });
}
