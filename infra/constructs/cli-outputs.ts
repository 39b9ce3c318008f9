import { CfnOutput } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ScheduledFunction } from './scheduled-function';

export interface CliOutputsProps {
  regionConfig: string;
  apiEndpoint: string;
  uploadBucket: IBucket;
  fieldKey: IKey;
  idHashKey: ISecret;
  jobs: ScheduledFunction[];
  /** The schedule group of the jobs' schedules and deadlines (`tanfang ops schedules --stack`). */
  scheduleGroupName: string;
  /** The runtime settings' SSM parameter (`tanfang settings --stack`). */
  settingsParameter: string;
  /** The jobs queue and its dead letters (`tanfang ops redrive --stack`). */
  jobQueue: IQueue;
  jobDeadLetterQueue: IQueue;
}

/**
 * The outputs `tanfang --stack Tanfang-<name>` reads with DescribeStacks (cli/stack/outputs.ts):
 * their keys are a contract, keep them stable. The tables' outputs (`<id>Table`) are the stack's.
 * The CLI needs the field key and the ID-hash secret to read and write elders exactly as the API
 * does (encrypted fields, the same lookup hashes); the administrator's own IAM decides access.
 */
export function cliOutputs(scope: Construct, props: CliOutputsProps): void {
  new CfnOutput(scope, 'RegionConfig', { value: props.regionConfig, description: 'The bundled region config (infra/config) this stack was built from' });
  new CfnOutput(scope, 'ApiEndpoint', { value: props.apiEndpoint, description: 'The HTTP API' });
  new CfnOutput(scope, 'UploadBucket', { value: props.uploadBucket.bucketName, description: 'Ledger files are uploaded here with presigned PUTs (kept 7 days)' });
  new CfnOutput(scope, 'FieldKeyArn', { value: props.fieldKey.keyArn, description: 'The KMS key of encrypted fields' });
  new CfnOutput(scope, 'IdHashSecretArn', { value: props.idHashKey.secretArn, description: 'The secret holding the key of ID-number lookup hashes (never print its value)' });
  new CfnOutput(scope, 'ScheduleGroup', { value: props.scheduleGroupName, description: 'The schedule group: tanfang ops schedules list --stack <stack>' });
  new CfnOutput(scope, 'SettingsParameter', { value: props.settingsParameter, description: 'Runtime settings: tanfang settings show|set --stack <stack>' });
  new CfnOutput(scope, 'JobQueueUrl', { value: props.jobQueue.queueUrl, description: 'The jobs queue (generation and escalation shards)' });
  new CfnOutput(scope, 'JobDeadLetterQueueUrl', { value: props.jobDeadLetterQueue.queueUrl, description: 'Shards given up on: tanfang ops redrive --stack <stack>' });
  for (const job of props.jobs) new CfnOutput(scope, `${job.node.id}Function`, { value: job.fn.functionName });
}
