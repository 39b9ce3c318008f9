import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadRegion } from '../../shared/config/load';
import type { RegionRuntime } from '../../shared/config/region-config';
import { describeStack, regionConfigOfStack } from './outputs';
import type { StackTargets } from './outputs';
import type { StackOptions } from './session';

/** A deployed region's outputs, and how to reach its AWS region: for commands that need no tables (settings, schedules, redrive). */
export interface StackAccess {
  targets: StackTargets;
  runtime: RegionRuntime;
  /** The AWS region and credentials to build a client with (`new SSMClient(stack.client)`). */
  client: { region: string; credentials: ReturnType<typeof fromNodeProviderChain> };
}

/** Reads `Tanfang-<name>`'s outputs with the provider chain's credentials (`--profile`, environment, SSO, instance role). */
export async function stackAccess(options: StackOptions): Promise<StackAccess> {
  const runtime = loadRegion(regionConfigOfStack(options.stack));
  const client = { region: runtime.config.aws.region, credentials: fromNodeProviderChain(options.profile ? { profile: options.profile } : {}) };
  const cloudFormation = new CloudFormationClient(client);
  try {
    return { targets: await describeStack(cloudFormation, options.stack), runtime, client };
  } finally {
    cloudFormation.destroy();
  }
}
