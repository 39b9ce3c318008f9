import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * A bucket for access logs (S3 server access logs, CloudFront standard logs): private, SSL only,
 * kept a year. Both kinds of log are delivered with ACLs, hence object-writer ownership.
 */
export function logBucket(scope: Construct, id: string, of: string): Bucket {
  const logs = new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.OBJECT_WRITER,
    lifecycleRules: [{ expiration: Duration.days(365) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(logs).acknowledge({ id: 'AwsSolutions-S1', reason: `This bucket holds the access logs of ${of}; logging it again would loop.` });
  return logs;
}
