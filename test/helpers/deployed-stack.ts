import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import type { TableNames } from '../../shared/adapters/dynamodb/client';
import { TABLE_IDS } from '../../shared/adapters/dynamodb/tables';
import { stackOutputs } from './stack-outputs';

/** Table names of a stack whose tables a test never reads (commands that need only the outputs). */
export const STACK_TABLES = Object.fromEntries(TABLE_IDS.map((id) => [id, `Tanfang-sichuan-${id}`])) as TableNames;

/** CloudFormation mocked: `Tanfang-sichuan` deployed from the sichuan config with these outputs over the usual ones. */
export function deployedStack() {
  const cloudFormation = mockClient(CloudFormationClient);
  const answer = (over: Record<string, string | undefined> = {}) =>
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Tanfang-sichuan', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(0), Outputs: stackOutputs('sichuan', STACK_TABLES, over) }] });
  return { cloudFormation, answer };
}
