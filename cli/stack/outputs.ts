import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { TABLE_IDS } from '../../shared/adapters/dynamodb/tables';
import type { TableNames } from '../../shared/adapters/dynamodb/client';
import { NotFoundError } from '../../shared/app/errors';
import { UsageError } from '../io';

/** `Tanfang-<name>`, as infra/app-builder.ts names a region's stack after its config. */
const STACK_NAME = /^Tanfang-([a-z][a-z0-9-]{1,30})$/;

/** What a deployed region's stack tells the CLI (infra/constructs/cli-outputs.ts writes it). */
export interface StackTargets {
  stackName: string;
  /** The bundled region config the stack was built from. */
  regionConfig: string;
  tables: TableNames;
  apiEndpoint: string;
  uploadBucket: string;
  fieldKeyArn: string;
  idHashSecretArn: string;
  /** Function names by construct id, e.g. `GenerateTasks`. */
  functions: Record<string, string>;
  /** The EventBridge Scheduler group of run-time deadlines, once the stack has one. */
  scheduleGroup: string | undefined;
  /** The SSM parameter of the runtime settings (`tanfang settings --stack`). */
  settingsParameter: string | undefined;
  /** The jobs queue and its dead letters (`tanfang ops redrive --stack`). */
  jobQueueUrl: string | undefined;
  jobDeadLetterQueueUrl: string | undefined;
}

/** The region config named by a stack name, before anything is asked of AWS. */
export function regionConfigOfStack(stackName: string): string {
  const match = STACK_NAME.exec(stackName);
  if (!match) throw new UsageError(`--stack must be Tanfang-<region config>, e.g. Tanfang-sichuan, got "${stackName}"`);
  return match[1]!;
}

/** An output a command needs that the stack lacks: it was deployed before the command could use it (exit 1). */
export function requireOutput(targets: StackTargets, value: string | undefined, key: string): string {
  if (!value) throw new StackRefusal(`stack ${targets.stackName} lacks the output ${key}: deploy this version of Tanfang to it first`);
  return value;
}

/** A stack the CLI cannot work on as it stands (exit 1): being deployed, too old, another region's. */
export class StackRefusal extends Error {
  override readonly name = 'StackRefusal';
}

/** Statuses in which the stack's resources are all there (an update rolled back keeps the old ones). */
const USABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

const SINGLE = { RegionConfig: 'regionConfig', ApiEndpoint: 'apiEndpoint', UploadBucket: 'uploadBucket', FieldKeyArn: 'fieldKeyArn', IdHashSecretArn: 'idHashSecretArn' } as const;

/** The output keys the CLI cannot work without (the infra test checks the stack has them all). */
export const REQUIRED_OUTPUTS: readonly string[] = [...Object.keys(SINGLE), ...TABLE_IDS.map((id) => `${id}Table`)];

/**
 * Reads the stack's outputs (DescribeStacks) and checks they are a Tanfang region built from the
 * config its name says: a stack missing an output was deployed before the CLI could use it, and
 * is refused naming the output rather than half-working.
 */
export async function describeStack(cloudFormation: CloudFormationClient, stackName: string): Promise<StackTargets> {
  const expected = regionConfigOfStack(stackName);
  let stacks;
  try {
    ({ Stacks: stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) throw new NotFoundError(`stack ${stackName} does not exist in this account and region`);
    throw error;
  }
  const stack = stacks?.[0];
  if (!stack) throw new NotFoundError(`stack ${stackName} does not exist in this account and region`);
  if (!USABLE.has(stack.StackStatus ?? '')) throw new StackRefusal(`stack ${stackName} is ${stack.StackStatus}: wait for its deployment to finish`);
  const outputs = new Map((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const missing = REQUIRED_OUTPUTS.filter((key) => !outputs.get(key));
  if (missing.length > 0) throw new StackRefusal(`stack ${stackName} lacks the outputs ${missing.join(', ')}: deploy this version of Tanfang to it first`);
  if (outputs.get('RegionConfig') !== expected) throw new StackRefusal(`stack ${stackName} was built from region config "${outputs.get('RegionConfig')}", not "${expected}"`);
  const single = Object.fromEntries(Object.entries(SINGLE).map(([key, field]) => [field, outputs.get(key)!])) as Pick<StackTargets, (typeof SINGLE)[keyof typeof SINGLE]>;
  const functions = Object.fromEntries([...outputs].filter(([key]) => key.endsWith('Function')).map(([key, value]) => [key.replace(/Function$/, ''), value]));
  return {
    stackName,
    ...single,
    tables: Object.fromEntries(TABLE_IDS.map((id) => [id, outputs.get(`${id}Table`)!])) as TableNames,
    functions,
    scheduleGroup: outputs.get('ScheduleGroup') || undefined,
    settingsParameter: outputs.get('SettingsParameter') || undefined,
    jobQueueUrl: outputs.get('JobQueueUrl') || undefined,
    jobDeadLetterQueueUrl: outputs.get('JobDeadLetterQueueUrl') || undefined,
  };
}
