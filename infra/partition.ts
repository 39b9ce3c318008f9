import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { partitionOf } from '../shared/config/region-config';

export type Partition = ReturnType<typeof partitionOf>;
export { partitionOf };

/**
 * What the stack may use in each partition, from the AWS China documentation ("Getting Started
 * with Amazon Web Services in China", each service's "Feature Availability and Implementation
 * Differences"); the README's availability table lists every item with its source page.
 */
export interface PartitionFeatures {
  /**
   * Lambda on arm64 (Graviton). Unconfirmed in Beijing and Ningxia: the China documentation
   * neither lists it nor rules it out, and AWS's published Lambda Insights arm64 layers have no
   * cn-* entry. x86_64, which both regions certainly run, costs ~20 % more per GB-second.
   */
  lambdaArm64: boolean;
  /** Lambda function URLs: "not available in the China Regions". */
  functionUrls: boolean;
  /** X-Ray active tracing of Lambda functions: "X-Ray integration with Lambda functions is not available in the China Regions". */
  lambdaTracing: boolean;
  /** SNS SMS: "SMS messaging … not yet available in the Beijing and Ningxia Regions". */
  snsSms: boolean;
}

export const PARTITION_FEATURES: Record<Partition, PartitionFeatures> = {
  aws: { lambdaArm64: true, functionUrls: true, lambdaTracing: true, snsSms: true },
  'aws-cn': { lambdaArm64: false, functionUrls: false, lambdaTracing: false, snsSms: false },
};

/** The architecture the stack's functions run on: arm64 where offered (cheaper per GB-second), else x86_64. */
export const lambdaArchitecture = (features: PartitionFeatures): Architecture => (features.lambdaArm64 ? Architecture.ARM_64 : Architecture.X86_64);

/**
 * CloudFormation resource types a stack must never create in a partition: absent from the
 * China Regions' documentation, or from CloudFormation's resource registry for cn-north-1 /
 * cn-northwest-1 (as cfn-lint 1.51's region schemas record it).
 */
export const UNAVAILABLE_RESOURCE_TYPES: Record<Partition, readonly string[]> = {
  aws: [],
  'aws-cn': [
    // Cognito user pools: "not currently available in the Beijing Region" (Ningxia has no Cognito at all).
    'AWS::Cognito::UserPool',
    'AWS::Cognito::UserPoolClient',
    'AWS::Cognito::UserPoolGroup',
    'AWS::Cognito::UserPoolDomain',
    'AWS::Cognito::UserPoolUser',
    'AWS::Lambda::Url',
    // CloudFront in China serves S3 through an origin access identity (no OAC type in cn-* registries).
    'AWS::CloudFront::OriginAccessControl',
  ],
};

export const featuresFor = (region: string): PartitionFeatures => PARTITION_FEATURES[partitionOf(region)];
