import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { acknowledgeInvokeWildcard, acknowledgeTracing } from './acknowledgements';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import type { IScheduleGroup, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { BUNDLING, ROOT, RUNTIME_NODE_OPTIONS } from '../bundling';
import type { RegionRuntime } from '../../shared/config/region-config';
import { featuresFor, lambdaArchitecture } from '../partition';

export interface ScheduledFunctionProps {
  /** Folder under functions/ holding handler.ts. */
  job: string;
  description: string;
  /** When to run; absent for a function driven by a stream, a URL or an event rule. */
  schedule?: ScheduleExpression | undefined;
  /** The stack's schedule group (`tanfang ops schedules` pauses and runs its schedules); absent: the default group. */
  scheduleGroup?: IScheduleGroup | undefined;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  runtime: RegionRuntime;
  key: IKey;
}

/**
 * One job: a Lambda function bundled by local esbuild (no Docker), its own role and log group,
 * and an EventBridge Scheduler schedule that retries and then parks failed invocations in an
 * encrypted dead-letter queue, where an alarm sees them.
 */
export class ScheduledFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  /** The role EventBridge Scheduler invokes the function with (scheduled jobs only): an UpdateSchedule passes it again. */
  readonly invokeRole: Role | undefined;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ScheduledFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    // An explicit role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Tanfang ${props.job}` });
    logGroup.grantWrite(this.role);
    const features = featuresFor(props.runtime.config.aws.region);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(ROOT, 'functions', props.job, 'handler.ts'),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: lambdaArchitecture(features),
      // X-Ray where Lambda has it; in China, structured logs with correlation ids (see observability.ts).
      tracing: features.lambdaTracing ? Tracing.ACTIVE : Tracing.DISABLED,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: 'tanfang',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'Tanfang',
        POWERTOOLS_TRACE_ENABLED: String(features.lambdaTracing),
        NODE_OPTIONS: RUNTIME_NODE_OPTIONS,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        minify: BUNDLING.minify,
        sourceMap: BUNDLING.sourceMap,
        sourcesContent: BUNDLING.sourcesContent,
        externalModules: [...BUNDLING.externals],
        // The validated region config and policy, written into the bundle (no 4 KB env limit).
        define: { 'process.env.TANFANG_REGION_RUNTIME': JSON.stringify(JSON.stringify(props.runtime)) },
      },
    });
    if (features.lambdaTracing) acknowledgeTracing(this.role);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the function (schedule, stream or event rule); an alarm watches it.',
    });
    if (!props.schedule) {
      this.invokeRole = undefined;
      return;
    }
    const invoker = new Role(this, 'InvokeRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com'), description: `Scheduler invokes ${props.job}` });
    acknowledgeInvokeWildcard(invoker, this.fn);
    this.invokeRole = invoker;
    new Schedule(this, 'Schedule', {
      description: `${props.description} (${Stack.of(this).stackName})`,
      schedule: props.schedule,
      ...(props.scheduleGroup ? { scheduleGroup: props.scheduleGroup, scheduleName: `tanfang-${props.job}` } : {}),
      target: new LambdaInvoke(this.fn, {
        role: invoker,
        input: ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }
}
