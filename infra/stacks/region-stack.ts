import { Aspects, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StackProps } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, FunctionUrlAuthType, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { TimeZone } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import type { RegionRuntime } from '../../shared/config/region-config';
import { acknowledgeGrantWildcards } from '../constructs/acknowledgements';
import { Alarms } from '../constructs/alarms';
import { Api, WEATHER_FEED_PATH } from '../constructs/api';
import { Data } from '../constructs/data';
import { ScheduledFunction } from '../constructs/scheduled-function';
import { JobQueue } from '../constructs/job-queue';
import { PartitionGuard } from '../constructs/partition-guard';
import { SmsCredentials } from '../constructs/sms-credentials';
import { allowDirectSmsOnly } from '../constructs/sms-permission';
import { LedgerImport } from '../constructs/ledger-import';
import { LedgerUploads } from '../constructs/ledger-uploads';
import { WebApp } from '../constructs/web-app';
import { DeviceAlarms } from '../constructs/device-alarms';
import { AdminCliRole } from '../constructs/admin-cli-role';
import { cliOutputs } from '../constructs/cli-outputs';
import { Dashboard } from '../constructs/dashboard';
import { RuntimeSettings } from '../constructs/runtime-settings';
import { Deadlines } from '../constructs/deadlines';
import { featuresFor, partitionOf } from '../partition';

export interface RegionStackProps extends StackProps {
  runtime: RegionRuntime;
}

/** One deployment for one administrative region: its data, its daily jobs, its alarms. */
export class RegionStack extends Stack {
  readonly data: Data;
  readonly generateTasks: ScheduledFunction;
  readonly sendSms: ScheduledFunction;
  /** The stack's schedule group and the deadline schedules' role (deadlines.ts). */
  readonly deadlines: Deadlines;
  readonly escalateOverdue: ScheduledFunction;
  readonly jobQueue: JobQueue;
  readonly ingestAlert: ScheduledFunction;
  readonly applyOccasion: ScheduledFunction;
  readonly remindReviews: ScheduledFunction;
  readonly archiveClosed: ScheduledFunction;
  readonly apiFunction: ScheduledFunction;
  readonly api: Api;
  /** Smart-device alarms: the signed endpoint's function and the platforms' keys. */
  readonly deviceAlarms: DeviceAlarms;
  /** The domestic SMS provider's secrets (absent for SNS). */
  readonly smsCredentials: SmsCredentials | undefined;
  /** The receipt and reply callbacks of a domestic provider (absent for SNS). */
  readonly smsCallbacks: ScheduledFunction | undefined;

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, props);
    const { runtime } = props;
    const features = featuresFor(runtime.config.aws.region);
    Aspects.of(this).add(new PartitionGuard(partitionOf(runtime.config.aws.region)));
    this.data = new Data(this, 'Data');
    const { tables, key } = this.data;
    const environment = this.data.tableEnvironment();
    const [hour, minute] = runtime.config.generation.runAt.split(':');
    this.deadlines = new Deadlines(this, 'Deadlines');
    const scheduleGroup = this.deadlines.group;

    this.generateTasks = new ScheduledFunction(this, 'GenerateTasks', {
      job: 'generate-tasks',
      scheduleGroup,
      description: 'Creates the visit tasks whose windows open within the horizon and queues the daily SMS digests',
      schedule: ScheduleExpression.cron({ hour, minute, timeZone: TimeZone.ASIA_SHANGHAI }),
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment,
      runtime,
      key,
    });
    tables.elders.grantReadWriteData(this.generateTasks.role);
    // Write: the leave books (a cover's tasks handed back the morning after a leave).
    tables.people.grantReadWriteData(this.generateTasks.role);
    tables.tasks.grantReadWriteData(this.generateTasks.role);
    tables.outbox.grantReadWriteData(this.generateTasks.role);
    tables.occasions.grantReadWriteData(this.generateTasks.role);

    const { provider } = runtime.config.sms;
    this.sendSms = new ScheduledFunction(this, 'SendSms', {
      job: 'send-sms',
      scheduleGroup,
      description: 'Delivers SMS from the outbox, once each, outside quiet hours unless urgent',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: { TABLE_OUTBOX: environment.TABLE_OUTBOX!, TABLE_OCCASIONS: environment.TABLE_OCCASIONS! },
      runtime,
      key,
    });
    // A domestic provider's receipts and replies come back through their own function, behind
    // routes without the JWT authorizer (the secret path token is the authentication).
    const domestic = provider === 'aliyun' || provider === 'tencent' ? provider : undefined;
    this.smsCallbacks = domestic ? this.callbackFunction(runtime, environment) : undefined;
    // A domestic provider's keys: a KMS-encrypted secret the sender alone reads (named by ARN in
    // its environment); the callback token, one the callback function alone reads.
    this.smsCredentials = domestic ? new SmsCredentials(this, 'SmsCredentials', { provider: domestic, key, sender: this.sendSms.role, callbackHandler: this.smsCallbacks?.role }) : undefined;
    for (const [name, value] of Object.entries(this.smsCredentials?.callbackEnvironment() ?? {})) this.smsCallbacks?.fn.addEnvironment(name, value);
    for (const [name, value] of Object.entries(this.smsCredentials?.senderEnvironment() ?? {})) this.sendSms.fn.addEnvironment(name, value);
    tables.outbox.grantReadWriteData(this.sendSms.role);
    // Reads whether an occasion was cancelled; adds to its sent/failed counters.
    tables.occasions.grantReadWriteData(this.sendSms.role);
    // Only SNS is called through IAM; a domestic provider's keys come from its credentials secret.
    if (provider === 'sns') allowDirectSmsOnly(this.sendSms.role);

    acknowledgeGrantWildcards(this.generateTasks.role, { tables: [tables.elders, tables.people, tables.tasks, tables.outbox, tables.occasions], kms: true });
    acknowledgeGrantWildcards(this.sendSms.role, { tables: [tables.outbox, tables.occasions], kms: true });

    this.escalateOverdue = new ScheduledFunction(this, 'EscalateOverdue', {
      job: 'escalate-overdue',
      scheduleGroup,
      description: 'Marks missed windows and moves overdue tasks up the supervisor chain, one SMS per supervisor per run',
      schedule: ScheduleExpression.rate(Duration.minutes(15)),
      timeout: Duration.minutes(10),
      memorySize: 512,
      environment: { TABLE_TASKS: environment.TABLE_TASKS!, TABLE_PEOPLE: environment.TABLE_PEOPLE!, TABLE_OUTBOX: environment.TABLE_OUTBOX! },
      runtime,
      key,
    });
    tables.tasks.grantReadWriteData(this.escalateOverdue.role);
    tables.people.grantReadData(this.escalateOverdue.role);
    tables.outbox.grantReadWriteData(this.escalateOverdue.role);
    acknowledgeGrantWildcards(this.escalateOverdue.role, { tables: [tables.tasks, tables.people, tables.outbox], kms: true });
    // Generation and escalation fan out: the two functions above plan, the job worker walks the shards.
    this.jobQueue = new JobQueue(this, 'Jobs', { runtime, key, environment, tables, planners: [this.generateTasks, this.escalateOverdue] });

    // Weather warnings in: an IAM-signed (SigV4) endpoint for the warning feed — a function URL,
    // or an IAM route of the HTTP API where function URLs do not exist (China) — and the default
    // event bus for integrations that publish "Weather Alert" events.
    this.ingestAlert = new ScheduledFunction(this, 'IngestAlert', {
      job: 'ingest-alert',
      description: 'Validates CAP 1.2 / JSON weather warnings and records each once (updates and cancels included)',
      timeout: Duration.seconds(30),
      memorySize: 512,
      environment: { TABLE_OCCASIONS: environment.TABLE_OCCASIONS! },
      runtime,
      key,
    });
    tables.occasions.grantReadWriteData(this.ingestAlert.role);
    acknowledgeGrantWildcards(this.ingestAlert.role, { tables: [tables.occasions], kms: true });
    const alertUrl = features.functionUrls ? this.ingestAlert.fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM }).url : undefined;
    new Rule(this, 'WeatherAlertEvents', {
      description: 'Weather Alert events (source tanfang.weather) to ingest-alert',
      eventPattern: { source: ['tanfang.weather'], detailType: ['Weather Alert'] },
      targets: [new LambdaFunction(this.ingestAlert.fn, { deadLetterQueue: this.ingestAlert.deadLetterQueue, retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });

    // Applying an occasion follows every write of its item, through the table's stream.
    this.applyOccasion = new ScheduledFunction(this, 'ApplyOccasion', {
      job: 'apply-occasion',
      description: 'Raises extra tasks and queues merged notices for a weather warning or festival; cancels them on a cancel',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment,
      runtime,
      key,
    });
    // A planner: it records the revision's plan and puts its parts on the jobs queue; the job worker walks them.
    tables.occasions.grantReadWriteData(this.applyOccasion.role);
    this.jobQueue.addPlanner(this.applyOccasion);
    this.applyOccasion.fn.addEventSource(
      new DynamoEventSource(tables.occasions, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 3,
        bisectBatchOnError: true,
        onFailure: new SqsDlq(this.applyOccasion.deadLetterQueue),
        filters: [FilterCriteria.filter({ dynamodb: { Keys: { pk: { S: FilterRule.beginsWith('occasion#') } } } })],
      }),
    );
    acknowledgeGrantWildcards(this.applyOccasion.role, { tables: [tables.occasions], kms: true });

    // 每半年动态更新一次: on the 1st of each month, liaisons hear how many entries of their village are overdue for review.
    this.remindReviews = new ScheduledFunction(this, 'RemindReviews', {
      job: 'remind-reviews',
      scheduleGroup,
      description: 'Queues the monthly SMS telling each village liaison how many ledger entries are overdue for review',
      schedule: ScheduleExpression.cron({ day: '1', hour: '08', minute: '00', timeZone: TimeZone.ASIA_SHANGHAI }),
      timeout: Duration.minutes(10),
      memorySize: 512,
      environment: { TABLE_ELDERS: environment.TABLE_ELDERS!, TABLE_PEOPLE: environment.TABLE_PEOPLE!, TABLE_OUTBOX: environment.TABLE_OUTBOX! },
      runtime,
      key,
    });
    tables.elders.grantReadData(this.remindReviews.role);
    tables.people.grantReadData(this.remindReviews.role);
    tables.outbox.grantReadWriteData(this.remindReviews.role);
    acknowledgeGrantWildcards(this.remindReviews.role, { tables: [tables.elders, tables.people, tables.outbox], kms: true });

    // Closed tasks are archived before the tasks table's TTL may remove them (retention.closedTaskMonths):
    // on the 2nd of each month, reading the tasks of two months and writing the archive only.
    this.archiveClosed = new ScheduledFunction(this, 'ArchiveClosed', {
      job: 'archive-closed',
      description: 'Archives the closed tasks of the months whose items expire next month (and the month after, a month early)',
      schedule: ScheduleExpression.cron({ day: '2', hour: '02', minute: '30', timeZone: TimeZone.ASIA_SHANGHAI }),
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: { TABLE_TASKS: environment.TABLE_TASKS!, TABLE_ARCHIVE: environment.TABLE_ARCHIVE! },
      runtime,
      key,
    });
    tables.tasks.grantReadData(this.archiveClosed.role);
    tables.archive.grantReadWriteData(this.archiveClosed.role);
    acknowledgeGrantWildcards(this.archiveClosed.role, { tables: [tables.tasks, tables.archive], kms: true });

    // The HTTP API: visitors' tasks and visits, supervisors' actions, the ledger, rates.
    // The key of the keyed hash that finds elders by ID number: generated once, never rotated
    // (rotating it would orphan every stored hash), readable by the API function alone.
    const idHashKey = new Secret(this, 'IdHashKey', {
      description: 'Tanfang: HMAC key for ID-number lookups',
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(idHashKey).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'An HMAC key for stored lookup hashes: rotating it would make every stored hash unfindable; it is KMS-encrypted and readable by the API function only.' });
    // The field app (S3 + CloudFront) and the bucket its ledger files are uploaded to.
    const webApp = new WebApp(this, 'WebApp', { web: runtime.config.web, region: runtime.config.aws.region, issuer: runtime.config.auth.issuer });
    const uploads = new LedgerUploads(this, 'LedgerUploads', { key, appOrigins: webApp.origins });
    this.apiFunction = new ScheduledFunction(this, 'ApiFunction', {
      job: 'api',
      description: 'The HTTP API (area-scoped access decided in the function)',
      timeout: Duration.seconds(29),
      memorySize: 1024,
      environment: { ...environment, TANFANG_FIELD_KEY_ARN: key.keyArn, TANFANG_ID_HASH_SECRET_ARN: idHashKey.secretArn, TANFANG_UPLOAD_BUCKET: uploads.bucket.bucketName },
      runtime,
      key,
    });
    for (const table of [tables.registrations, tables.elders, tables.tasks, tables.visits, tables.outbox, tables.occasions, tables.audit, tables.spotChecks, tables.uploads, tables.needs, tables.devices])
      table.grantReadWriteData(this.apiFunction.role);
    uploads.grantApi(this.apiFunction.role);
    tables.people.grantReadWriteData(this.apiFunction.role);
    // Rates, reports and the elder's archive read what the tasks table let expire.
    tables.archive.grantReadData(this.apiFunction.role);
    acknowledgeGrantWildcards(this.apiFunction.role, { tables: Object.values(tables), kms: true });
    idHashKey.grantRead(this.apiFunction.role);
    const ledgerImport = new LedgerImport(this, 'LedgerImport', { runtime, key, environment, bucket: uploads.bucket, idHashKey, tables });
    this.deviceAlarms = new DeviceAlarms(this, 'DeviceAlarms', { runtime, key, tables, environment });
    this.api = new Api(this, 'Api', {
      fn: this.apiFunction.fn,
      auth: runtime.config.auth,
      weatherFeed: alertUrl ? undefined : this.ingestAlert.fn,
      smsCallbacks: domestic && this.smsCallbacks ? { provider: domestic, fn: this.smsCallbacks.fn } : undefined,
      corsOrigins: webApp.origins,
      deviceAlarms: this.deviceAlarms.job.fn,
    });

    // Deadlines: escalation at an acknowledgement's end and a warning's task deadlines, the sender at quiet hours' end.
    this.deadlines.wakes('send-sms', this.sendSms);
    this.deadlines.wakes('escalate-overdue', this.escalateOverdue);
    this.deadlines.allow(this.generateTasks, ['send-sms']);
    this.deadlines.allow(this.escalateOverdue, ['send-sms']);
    this.deadlines.allow(this.jobQueue.worker, ['send-sms', 'escalate-overdue']);
    this.deadlines.allow(this.apiFunction, ['send-sms', 'escalate-overdue']);

    const jobs = [
      this.generateTasks,
      this.sendSms,
      this.escalateOverdue,
      this.jobQueue.worker,
      this.ingestAlert,
      this.applyOccasion,
      this.remindReviews,
      this.archiveClosed,
      this.apiFunction,
      ledgerImport.job,
      this.deviceAlarms.job,
      ...(this.smsCallbacks ? [this.smsCallbacks] : []),
    ];
    const alarms = new Alarms(this, 'Alarms', { jobs, key });
    new Dashboard(this, 'Dashboard', { region: runtime.config.name, jobs, alarms: alarms.alarms });
    // Runtime settings: every function whose use cases read quiet hours, budgets, limits, ladders
    // or the calendar; ingest-alert reads only the deployment's areas.
    const settings = new RuntimeSettings(this, 'RuntimeSettings', { region: runtime.config.name });
    for (const job of jobs) if (job !== this.ingestAlert) settings.grantRead(job);
    new CfnOutput(this, 'AlertUrl', {
      value: alertUrl ?? `${this.api.httpApi.apiEndpoint}${WEATHER_FEED_PATH}`,
      description: `POST CAP 1.2 XML or JSON weather warnings here, SigV4-signed for service ${alertUrl ? 'lambda' : 'execute-api'}`,
    });
    if (this.api.weatherFeedArn) new CfnOutput(this, 'AlertFeedInvokeArn', { value: this.api.weatherFeedArn, description: 'Grant the weather feed execute-api:Invoke on this ARN' });
    for (const [id, table] of Object.entries(tables)) new CfnOutput(this, `${id}Table`, { value: table.tableName });
    cliOutputs(this, {
      regionConfig: runtime.config.name,
      apiEndpoint: this.api.httpApi.apiEndpoint,
      uploadBucket: uploads.bucket,
      fieldKey: key,
      idHashKey,
      jobs,
      scheduleGroupName: scheduleGroup.scheduleGroupName,
      settingsParameter: settings.parameterName,
      jobQueue: this.jobQueue.queue,
      jobDeadLetterQueue: this.jobQueue.worker.deadLetterQueue,
    });
    const admin = new AdminCliRole(this, 'AdminCli', {
      tables,
      key,
      idHashKey,
      uploadBucket: uploads.bucket,
      settingsParameterArn: settings.parameterArn,
      scheduleGroup,
      scheduleRoles: [this.deadlines.role, ...jobs.flatMap((j) => (j.invokeRole ? [j.invokeRole] : []))],
      jobs: jobs.filter((j) => j.invokeRole !== undefined),
      jobQueue: this.jobQueue.queue,
      jobDeadLetterQueue: this.jobQueue.worker.deadLetterQueue,
    });
    new CfnOutput(this, 'AdminCliRoleArn', { value: admin.role.roleArn, description: 'Administrators assume this role for tanfang … --stack (a profile with role_arn = this; grant sts:AssumeRole on it to them only)' });
    if (this.smsCredentials) {
      new CfnOutput(this, 'SmsCallbackTokenSecret', { value: this.smsCredentials.callbackToken.secretArn, description: 'The token of the SMS callback URLs (read it, never print it in a shared place)' });
      new CfnOutput(this, 'SmsCallbackUrls', { value: `${this.api.httpApi.apiEndpoint}/sms/${provider}/<token>/receipts and …/replies`, description: `Register these with ${provider}, <token> from the SmsCallbackTokenSecret` });
    }
  }

  /**
   * The function behind the receipt and reply routes: it sets delivery states and tells
   * instructors of failed urgent SMS (outbox, tasks, people), applies replies (tasks: acknowledge,
   * family confirmed contact) and counts deliveries per occasion (occasions) — and nothing else.
   */
  private callbackFunction(runtime: RegionRuntime, environment: Record<string, string>): ScheduledFunction {
    const { tables, key } = this.data;
    const fn = new ScheduledFunction(this, 'SmsCallbacks', {
      job: 'sms-callbacks',
      description: "Applies the SMS provider's delivery receipts and replies (secret path token, no JWT)",
      timeout: Duration.seconds(29),
      memorySize: 512,
      environment: { TABLE_OUTBOX: environment.TABLE_OUTBOX!, TABLE_TASKS: environment.TABLE_TASKS!, TABLE_PEOPLE: environment.TABLE_PEOPLE!, TABLE_OCCASIONS: environment.TABLE_OCCASIONS! },
      runtime,
      key,
    });
    tables.outbox.grantReadWriteData(fn.role);
    tables.tasks.grantReadWriteData(fn.role);
    tables.people.grantReadData(fn.role);
    tables.occasions.grantReadWriteData(fn.role);
    acknowledgeGrantWildcards(fn.role, { tables: [tables.outbox, tables.tasks, tables.people, tables.occasions], kms: true });
    return fn;
  }
}
