import { Aws, CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AllowedMethods, CachePolicy, Distribution, HeadersFrameOption, HeadersReferrerPolicy, HttpVersion, ResponseHeadersPolicy, SecurityPolicyProtocol, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import type { CfnDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { logBucket } from './log-bucket';
import { contentSecurityPolicy } from '../../shared/adapters/http/security-headers';
import type { RegionConfig } from '../../shared/config/region-config';
import { partitionOf } from '../../shared/config/region-config';

export interface WebAppProps {
  web: RegionConfig['web'];
  region: string;
  /** The region's OIDC issuer: the app reads its discovery document and trades codes there. */
  issuer?: string;
}

/**
 * The field app: its built files in a private bucket, served by CloudFront through origin
 * access control, HTTPS only, with the same Content-Security-Policy `tanfang serve` sends
 * (plus the API and the S3 upload endpoints of this region). In the China partition there is
 * a distribution only with an ICP-filed custom domain and its IAM certificate.
 */
export class WebApp extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution | undefined;
  /** The origins the app is served from (for the API's and the upload bucket's CORS). */
  readonly origins: string[];

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const china = partitionOf(props.region) === 'aws-cn';
    const logs = logBucket(this, 'Logs', 'the app bucket and the distribution');
    this.bucket = new Bucket(this, 'Files', {
      // The app's files are public code, not personal data: S3-managed keys let CloudFront read them through OAC.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'files/',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new CfnOutput(this, 'AppBucket', { value: this.bucket.bucketName, description: 'Upload web/dist here (see README: deploying the field app)' });

    const { domain } = props.web;
    if (china && !domain) {
      this.origins = [];
      this.distribution = undefined;
      new CfnOutput(this, 'AppNotServed', { value: 'CloudFront in the China partition needs web.domain (ICP-filed) and web.iamCertificateId in the region config' });
      return;
    }
    const connect = [`https://*.execute-api.${props.region}.${Aws.URL_SUFFIX}`, `https://*.s3.${props.region}.${Aws.URL_SUFFIX}`, ...(props.issuer ? [new URL(props.issuer).origin] : []), ...props.web.connectSources];
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Tanfang field app: strict CSP, HSTS, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(connect), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: 'geolocation=(self), camera=(), microphone=(), payment=()', override: true }] },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Tanfang field app',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        // CloudFront China has no origin access control (CloudFormation's cn-northwest-1 registry lacks
        // AWS::CloudFront::OriginAccessControl): there, the legacy origin access identity.
        origin: china ? S3BucketOrigin.withOriginAccessIdentity(this.bucket) : S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(domain && props.web.acmCertificateArn ? { domainNames: [domain], certificate: Certificate.fromCertificateArn(this, 'Certificate', props.web.acmCertificateArn), minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
    });
    if (domain && props.web.iamCertificateId) {
      // CloudFront China takes IAM server certificates, which the L2 construct does not model.
      const cfn = this.distribution.node.defaultChild as CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [domain]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', { IamCertificateId: props.web.iamCertificateId, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    }
    this.origins = [`https://${domain ?? this.distribution.distributionDomainName}`];
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR1', reason: 'The app is for civil-affairs staff and volunteers wherever they are; every API call needs a signed-in token, so geo blocking adds nothing.' });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'The distribution serves static files only; the API behind it is throttled at API Gateway and needs a token. Attach a WAF web ACL where the partition offers one for CloudFront.',
    });
    if (!domain) Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR4', reason: 'Without a custom domain CloudFront uses its default certificate; set web.domain and its certificate for TLS 1.2-only viewers.' });
    if (china) {
      Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR4', reason: 'The IAM server certificate and TLSv1.2_2021 are set by a property override (the L2 construct has no IAM certificates), which cdk-nag cannot see.' });
      Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR7', reason: 'CloudFront in the China regions offers no origin access control; an origin access identity keeps the bucket private instead.' });
    }
    new CfnOutput(this, 'AppUrl', { value: this.origins[0]!, description: 'The field app' });
    new CfnOutput(this, 'AppDistributionId', { value: this.distribution.distributionId });
  }
}
