import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { credentialsTemplate } from '../../shared/config/sms-credentials';
import type { CredentialedProvider } from '../../shared/config/sms-credentials';
import { SMS_CALLBACK_SECRET_ENV, SMS_SECRET_ENV } from '../../shared/adapters/secrets/sms-secrets';

export interface SmsCredentialsProps {
  /** The region's domestic provider; decides the JSON shape of the keys secret. */
  provider: CredentialedProvider;
  /** The customer-managed key both secrets are encrypted with (the stack's key). */
  key: IKey;
  /** The role that sends SMS: it alone may read the provider keys. */
  sender: IGrantable;
  /** The role behind the receipt and reply endpoints: it alone may read the callback token. */
  callbackHandler?: IGrantable;
}

/**
 * The SMS provider's secrets, KMS-encrypted and kept when the stack goes:
 * - `keys`: the provider's API key pair, which the office fills in after the first deploy (the
 *   stack writes placeholders that the sender refuses, naming the field). Read by the sender only.
 * - `callbackToken`: 48 random letters and digits, the secret path segment of the receipt and
 *   reply URLs (neither provider signs its callbacks). Read by the callback handler only.
 * The sender's environment names the keys secret by ARN; no key is ever in an environment variable.
 */
export class SmsCredentials extends Construct {
  readonly keys: Secret;
  readonly callbackToken: Secret;

  constructor(scope: Construct, id: string, props: SmsCredentialsProps) {
    super(scope, id);
    this.keys = new Secret(this, 'ProviderKeys', {
      description: `Tanfang: ${props.provider} SMS API keys (replace the placeholders with the keys of a user allowed to send SMS only)`,
      encryptionKey: props.key,
      // Placeholders, not secrets. CloudFormation rewrites the value only if this template text
      // changes, so the keys the office puts in survive later deploys.
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(credentialsTemplate(props.provider))),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.callbackToken = new Secret(this, 'CallbackToken', {
      description: `Tanfang: secret path token of the ${props.provider} SMS receipt and reply callback URLs`,
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.keys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Provider API keys are issued and rotated in the provider console (Aliyun RAM / Tencent CAM), then put here; Secrets Manager cannot rotate them.',
    });
    Validations.of(this.callbackToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The token is also configured in the provider console as part of the callback URL; rotating it here alone would cut off receipts and replies.',
    });
    this.keys.grantRead(props.sender);
    if (props.callbackHandler) this.callbackToken.grantRead(props.callbackHandler);
  }

  /** Environment for the sender: the ARN of the keys secret, never the keys. */
  senderEnvironment(): Record<string, string> {
    return { [SMS_SECRET_ENV]: this.keys.secretArn };
  }

  /** Environment for the callback handler: the ARN of the token secret. */
  callbackEnvironment(): Record<string, string> {
    return { [SMS_CALLBACK_SECRET_ENV]: this.callbackToken.secretArn };
  }
}
