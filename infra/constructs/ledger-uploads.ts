import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logBucket } from './log-bucket';

export interface LedgerUploadsProps {
  key: IKey;
  /** Where the field app runs: the only origin whose browsers may PUT here. */
  appOrigins: string[];
}

/**
 * The bucket ledger files are uploaded to with presigned PUTs: private (no public access, SSL
 * only), encrypted with the stack's key, files kept 7 days (they hold ID numbers; the ledger
 * itself is in DynamoDB once imported), access logged to a bucket of its own.
 */
export class LedgerUploads extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: LedgerUploadsProps) {
    super(scope, id);
    const logs = logBucket(this, 'AccessLogs', 'the upload bucket');
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [{ expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      cors: [{ allowedOrigins: props.appOrigins, allowedMethods: [HttpMethods.PUT], allowedHeaders: ['content-type'], maxAge: 3600 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets the API presign PUTs of ledger files (`ledger/*` only); it never reads one back (the import-ledger function does). */
  grantApi(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('ledger/*')] }));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/ledger/*]`,
      reason: 'Ledger files are named by upload id under ledger/; the API presigns PUTs there.',
    });
  }
}
