import { Duration } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RegionRuntime } from '../../shared/config/region-config';
import { JOB_SHARDS } from '../../shared/adapters/dynamodb/tables';
import { acknowledgeGrantWildcards } from './acknowledgements';
import { ScheduledFunction } from './scheduled-function';

/** Receives before a shard's message is parked in the dead letters (each receive is a whole chunk's retry). */
export const JOB_MAX_RECEIVES = 3;
const WORKER_TIMEOUT = Duration.minutes(15);
/**
 * Lambda gives one full vCPU at 1,769 MB. A chunk's pace is its CPU (the DynamoDB round trips
 * overlap, 16 in flight), and a GB-second costs the same at any size, so the CPU-bound worker
 * gets a whole vCPU: the same work for the same price in 58 % of the time at 1,024 MB.
 */
export const WORKER_MEMORY_MB = 1769;

export interface JobQueueProps {
  runtime: RegionRuntime;
  key: IKey;
  environment: Record<string, string>;
  /** What the workers read and write: generation and escalation both. */
  tables: { elders: ITableV2; people: ITableV2; tasks: ITableV2; outbox: ITableV2; occasions: ITableV2 };
  /** The planners (the scheduled generation and escalation functions; apply-occasion joins with `addPlanner`): they only send. */
  planners: ScheduledFunction[];
}

/**
 * Fan-out of generation, escalation and occasions: an SQS queue (KMS, TLS only) of one message per shard,
 * drained by the job worker one message per invocation with partial batch responses, up to one
 * worker per shard at once. A message that fails three times goes to the worker's own
 * dead-letter queue, which the worker's alarms watch; `tanfang ops redrive` moves it back.
 * SQS rather than Step Functions Distributed Map: both exist in cn-north-1 and cn-northwest-1,
 * but a worker's continuation is just another message here (no state machine to version and
 * redrive), and the dead letters, alarms and redrive are the ones the stack already has.
 */
export class JobQueue extends Construct {
  readonly queue: Queue;
  readonly worker: ScheduledFunction;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    this.worker = new ScheduledFunction(this, 'JobWorker', {
      job: 'job-worker',
      description: 'Walks one shard of a generation run or an escalation pass, or one part of an occasion, page by page, and hands the rest on',
      timeout: WORKER_TIMEOUT,
      memorySize: WORKER_MEMORY_MB,
      environment: props.environment,
      runtime: props.runtime,
      key: props.key,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      // AWS's advice for a Lambda event source: six times the function's timeout.
      visibilityTimeout: Duration.minutes(WORKER_TIMEOUT.toMinutes() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.worker.deadLetterQueue, maxReceiveCount: JOB_MAX_RECEIVES },
    });
    this.worker.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: Math.max(2, JOB_SHARDS) }));
    this.worker.fn.addEnvironment('JOBS_QUEUE_URL', this.queue.queueUrl);
    this.queue.grantSendMessages(this.worker.role);
    const { elders, people, tasks, outbox, occasions } = props.tables;
    for (const table of [elders, tasks, outbox]) table.grantReadWriteData(this.worker.role);
    // Read: the roster, the leave books, the occasions and the declared events in force.
    for (const table of [people, occasions]) table.grantReadData(this.worker.role);
    // Write on the occasions table only an application's progress (`apply#…`) and its counters
    // (`stats#…`): never an occasion, a handled message or a reference (those are ingest's).
    this.worker.role.addToPolicy(
      new PolicyStatement({
        sid: 'OccasionProgressOnly',
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [occasions.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['apply#*', 'stats#*'] } },
      }),
    );
    acknowledgeGrantWildcards(this.worker.role, { tables: [elders, people, tasks, outbox, occasions], kms: true });
    for (const planner of props.planners) this.addPlanner(planner);
  }

  /** A function that puts the first messages of a job on the queue: it may only send. */
  addPlanner(planner: ScheduledFunction): void {
    this.queue.grantSendMessages(planner.role);
    planner.fn.addEnvironment('JOBS_QUEUE_URL', this.queue.queueUrl);
  }
}
