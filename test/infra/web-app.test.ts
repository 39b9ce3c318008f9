import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { REGION_CONFIG_DIR } from '../../shared/config/load';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** The bundled `example-global` (global partition) or `sichuan` (China partition) config, optionally changed. */
function synth(region: 'example-global' | 'sichuan', change?: (c: Record<string, unknown>) => void) {
  let configDir: string | undefined;
  if (change) {
    configDir = mkdtempSync(join(tmpdir(), 'tanfang-web-config-'));
    const config = JSON.parse(readFileSync(join(REGION_CONFIG_DIR, `${region}.json`), 'utf8')) as Record<string, unknown>;
    change(config);
    writeFileSync(join(configDir, `${region}.json`), JSON.stringify(config));
  }
  const { stack } = buildApp(region, { context: NO_BUNDLING, ...(configDir ? { configDir } : {}) });
  return { stack, template: Template.fromStack(stack) };
}

const withWeb = (web: Record<string, unknown>) => (c: Record<string, unknown>) => Object.assign(c, { web });

describe('the field app in AWS: S3 behind CloudFront', () => {
  const { stack, template } = synth('example-global');

  it('serves the app from a private bucket through origin access control, HTTPS only, with the CSP of tanfang serve', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultRootObject: 'index.html', DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true }), Logging: Match.anyValue() }),
    });
    const policies = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policies).toHaveLength(1);
    const csp = JSON.stringify(policies[0]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('execute-api');
    template.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } });
  });

  it('keeps uploaded ledgers in a private, KMS-encrypted, SSL-only bucket for 7 days, PUT only from the app origin', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 7 })]) },
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] })] },
      LoggingConfiguration: Match.anyValue(),
    });
    const denyInsecure = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter((p) => JSON.stringify(p).includes('"aws:SecureTransport":"false"'));
    expect(denyInsecure.length).toBeGreaterThanOrEqual(2);
  });

  it('lets the API function presign PUTs of ledger/* only (never read one: the import function does), the import read them, and tells both the bucket', () => {
    // A role with many grants overflows into a managed policy (the API's does): read both kinds.
    const policies = [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))] as {
      Properties: { Roles: unknown; PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
    }[];
    const s3Of = (role: string) =>
      policies
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((s) => JSON.stringify(s.Action).includes('s3:'));
    const api = s3Of('ApiFunctionRole');
    expect(api).toHaveLength(1);
    expect([api[0]!.Action].flat()).toEqual(['s3:PutObject']);
    expect(JSON.stringify(api[0]!.Resource)).toContain('/ledger/*');
    const importer = s3Of('LedgerImportImportLedgerRole');
    expect(importer.map((s) => [s.Action].flat())).toEqual([['s3:GetObject']]);
    expect(JSON.stringify(importer[0]!.Resource)).toContain('/ledger/*');
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TANFANG_UPLOAD_BUCKET: Match.anyValue() }) } });
  });

  it("lets the app's origin call the API and read its Date header (the app's clock)", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowHeaders: ['authorization', 'content-type'], ExposeHeaders: ['date'], AllowOrigins: [Match.anyValue()] }) });
  });

  it('passes cdk-nag with the distribution and buckets in', () => {
    expect(new AwsSolutionsChecks(stack).validateScope(stack).violations).toEqual([]);
  });
});

describe('the field app in the AWS China partition', () => {
  it('makes no distribution without an ICP-filed domain, and says what is missing', () => {
    const { template } = synth('sichuan');
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.hasOutput('*', { Value: Match.stringLikeRegexp('needs web.domain \\(ICP-filed\\)') });
  });

  it('asks for the IAM server certificate of the domain, naming the field', () => {
    expect(() => synth('sichuan', withWeb({ domain: 'tanfang.chenghua.gov.cn' }))).toThrow(/web\.iamCertificateId: CloudFront in the China partition serves tanfang\.chenghua\.gov\.cn only with an IAM server certificate/);
    expect(() => synth('example-global', withWeb({ domain: 'Not A Domain' }))).toThrow(/web\.domain: must be a lower-case host name/);
  });

  it('serves the domain with its IAM certificate, TLS 1.2, an origin access identity, and the China endpoints in the CSP', () => {
    const { stack, template } = synth('sichuan', withWeb({ domain: 'tanfang.chenghua.gov.cn', iamCertificateId: 'ASCAEXAMPLE1234567890', connectSources: ['https://sso.sc.gov.cn'] }));
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['tanfang.chenghua.gov.cn'], ViewerCertificate: { IamCertificateId: 'ASCAEXAMPLE1234567890', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' } }),
    });
    expect(JSON.stringify(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))).toContain('https://sso.sc.gov.cn');
    // The region's OIDC issuer (discovery and the token endpoint) is in connect-src too.
    expect(JSON.stringify(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))).toContain('https://sso.chenghua-minzheng.example');
    // CloudFront China has no origin access control: the bucket stays private through an origin access identity.
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    template.hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://tanfang.chenghua.gov.cn'] })] } });
    expect(new AwsSolutionsChecks(stack).validateScope(stack).violations).toEqual([]);
  });
});
