import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

/**
 * cdk-nag IAM5 findings that come from CDK's own least-privilege grants, acknowledged one by
 * one (never the whole rule) so that any new wildcard still fails synth.
 */
export function acknowledgeGrantWildcards(role: IConstruct, grants: { tables: IConstruct[]; kms: boolean }): void {
  for (const table of grants.tables) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(table)}.Arn>/index/*]`,
      reason: "Query on the table's own secondary indexes (every access pattern is a key lookup or an index Query).",
    });
  }
  if (grants.kms) {
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: "Data-key actions DynamoDB needs to use this stack's customer-managed key; the resource is that key alone.",
      });
    }
  }
}

/** The scheduler's invoke role may call the function's versions and aliases (`<fn>:*`), nothing else. */
export function acknowledgeInvokeWildcard(role: IConstruct, fn: IConstruct): void {
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
    reason: 'EventBridge Scheduler invokes this one function; the :* covers its versions and aliases only.',
  });
}

/** Active tracing's grant: X-Ray's PutTraceSegments and PutTelemetryRecords take no resource ARN. */
export function acknowledgeTracing(role: IConstruct): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords (Lambda active tracing) support no resource-level permissions: the resource must be *.',
  });
}

/** `<region>:<account>` as cdk-nag writes them in a finding's ARN: the pseudo parameters while unresolved. */
export function nagRegionAccount(stack: Stack): string {
  const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  return `${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}`;
}
