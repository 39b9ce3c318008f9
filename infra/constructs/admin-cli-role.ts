import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, Effect, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableId } from '../../shared/adapters/dynamodb/tables';
import { acknowledgeGrantWildcards, nagRegionAccount } from './acknowledgements';
import type { ScheduledFunction } from './scheduled-function';

export interface AdminCliRoleProps {
  tables: Record<TableId, TableV2>;
  key: IKey;
  idHashKey: ISecret;
  uploadBucket: IBucket;
  settingsParameterArn: string;
  scheduleGroup: IScheduleGroup;
  /** Every role a schedule of the group runs with (the jobs' and the deadlines'): pausing a schedule passes its role again. */
  scheduleRoles: IRole[];
  /** The scheduled jobs (`ops schedules run-now` invokes one). */
  jobs: ScheduledFunction[];
  jobQueue: IQueue;
  jobDeadLetterQueue: IQueue;
}

/**
 * The role an administrator assumes to run `tanfang … --stack <stack>`: exactly what the CLI's
 * commands call on this stack, nothing else (README "Deploying a region", the admin role).
 *
 * - DescribeStacks on this stack (the CLI finds everything else through its outputs);
 * - read and write on the tables and their indexes, the field key (encrypted fields, and the
 *   tables', queues' and bucket's encryption), the ID-hash secret (lookups by ID number);
 * - ledger files: put and get (and so head) under `ledger/` of the upload bucket (no delete, no list);
 * - `settings`: get and put the one settings parameter;
 * - `ops schedules`: list, get and update the schedules of the stack's group (pause, resume), pass
 *   their roles back to the Scheduler, invoke the scheduled functions (run-now);
 * - `ops redrive`: move the jobs' dead letters back to the jobs queue.
 *
 * Who may assume it is the account's own IAM (the account root principal trusts the role to the
 * account's policies), so an office grants `sts:AssumeRole` on this role's ARN to its
 * administrators only. Sessions last an hour.
 */
export class AdminCliRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: AdminCliRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new Role(this, 'Role', { assumedBy: new AccountRootPrincipal(), description: `Tanfang administrators' CLI on ${stack.stackName} (tanfang --stack)` });
    const role = this.role;
    role.addToPolicy(
      new PolicyStatement({
        sid: 'FindTheStacksOutputs',
        actions: ['cloudformation:DescribeStacks'],
        resources: [stack.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: `${stack.stackName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      }),
    );
    const tables = Object.values(props.tables);
    for (const table of tables) table.grantReadWriteData(role);
    props.key.grantEncryptDecrypt(role);
    props.idHashKey.grantRead(role);
    role.addToPolicy(new PolicyStatement({ sid: 'LedgerFiles', actions: ['s3:PutObject', 's3:GetObject'], resources: [props.uploadBucket.arnForObjects('ledger/*')] }));
    role.addToPolicy(new PolicyStatement({ sid: 'RuntimeSettings', actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [props.settingsParameterArn] }));

    const group = props.scheduleGroup.scheduleGroupName;
    const schedules = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${group}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    role.addToPolicy(new PolicyStatement({ sid: 'SchedulesOfTheGroup', actions: ['scheduler:GetSchedule', 'scheduler:UpdateSchedule'], resources: [schedules] }));
    // ListSchedules takes no resource ARN (the Service Authorization Reference lists none for it).
    role.addToPolicy(new PolicyStatement({ sid: 'ListSchedules', actions: ['scheduler:ListSchedules'], resources: ['*'] }));
    role.addToPolicy(
      new PolicyStatement({
        sid: 'PassScheduleRolesBack',
        effect: Effect.ALLOW,
        actions: ['iam:PassRole'],
        resources: props.scheduleRoles.map((r) => r.roleArn),
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    role.addToPolicy(new PolicyStatement({ sid: 'RunNow', actions: ['lambda:InvokeFunction'], resources: props.jobs.map((j) => j.fn.functionArn) }));

    // A message move task reads and deletes from the dead letters and sends to the queue they came from (SQS's documented permissions).
    role.addToPolicy(
      new PolicyStatement({
        sid: 'RedriveDeadLetters',
        actions: ['sqs:StartMessageMoveTask', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
        resources: [props.jobDeadLetterQueue.queueArn],
      }),
    );
    role.addToPolicy(new PolicyStatement({ sid: 'RedriveToTheJobsQueue', actions: ['sqs:SendMessage'], resources: [props.jobQueue.queueArn] }));

    acknowledgeGrantWildcards(role, { tables, kms: true });
    const acknowledge = (id: string, reason: string) => Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${id}]`, reason });
    const at = nagRegionAccount(stack);
    acknowledge('Resource::*', 'scheduler:ListSchedules supports no resource-level permission; the role lists through it, it changes nothing.');
    acknowledge(`Resource::arn:<AWS::Partition>:scheduler:${at}:schedule/${group}/*`, "Pause, resume and run-now name schedules at run time; the wildcard is the stack's own schedule group.");
    acknowledge(`Resource::<${stack.getLogicalId(props.uploadBucket.node.defaultChild as CfnElement)}.Arn>/ledger/*`, 'Ledger files are named at upload time; the wildcard is the ledger/ prefix of the upload bucket.');
    acknowledge(`Resource::arn:<AWS::Partition>:cloudformation:${at}:stack/${stack.stackName}/*`, "A stack's ARN ends in its id, unknown before it exists; the name is this stack's.");
  }
}
