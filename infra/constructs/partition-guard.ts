import { Annotations, CfnResource, Stack, Token } from 'aws-cdk-lib';
import type { IAspect } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { PARTITION_FEATURES, UNAVAILABLE_RESOURCE_TYPES } from '../partition';
import type { Partition } from '../partition';

/**
 * Fails synth (an error annotation, which `cdk synth` and `cdk deploy` stop on) when the stack
 * asks for something its partition does not offer, so a later change cannot slip a function URL,
 * a user pool, arm64 or Lambda tracing into a China deployment unnoticed.
 */
export class PartitionGuard implements IAspect {
  constructor(private readonly partition: Partition) {}

  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    const where = `${Stack.of(node).stackName} (${this.partition})`;
    if (UNAVAILABLE_RESOURCE_TYPES[this.partition].includes(node.cfnResourceType)) {
      Annotations.of(node).addError(`${node.cfnResourceType} is not available in ${where}: see the availability table in the README`);
    }
    if (!(node instanceof CfnFunction)) return;
    const features = PARTITION_FEATURES[this.partition];
    const architectures = Token.isUnresolved(node.architectures) ? [] : (node.architectures ?? ['x86_64']);
    if (!features.lambdaArm64 && architectures.includes('arm64')) {
      Annotations.of(node).addError(`Lambda on arm64 is not confirmed in ${where}: use x86_64`);
    }
    const tracing = node.tracingConfig as CfnFunction.TracingConfigProperty | undefined;
    if (!features.lambdaTracing && tracing?.mode === 'Active') {
      Annotations.of(node).addError(`X-Ray active tracing of Lambda functions is not available in ${where}`);
    }
  }
}
