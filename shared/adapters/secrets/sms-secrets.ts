import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { parseCallbackToken, parseSmsCredentials } from '../../config/sms-credentials';
import type { CredentialedProvider, SmsCredentials } from '../../config/sms-credentials';

/** Environment variables naming the secrets (set by the stack; never the keys themselves). */
export const SMS_SECRET_ENV = 'TANFANG_SMS_SECRET_ARN';
export const SMS_CALLBACK_SECRET_ENV = 'TANFANG_SMS_CALLBACK_SECRET_ARN';

/**
 * How long a function instance keeps a secret before reading it again: keys changed in the
 * provider console and then in the secret reach every instance within 15 minutes, and a busy
 * sender calls Secrets Manager a few times an hour, not once per SMS.
 */
export const SECRET_MAX_AGE_SECONDS = 900;

export interface SmsSecretsOptions {
  env?: NodeJS.ProcessEnv;
  /** Injected in tests (aws-sdk-client-mock works on the client it wraps). */
  provider?: SecretsProvider;
  maxAgeSeconds?: number;
}

/**
 * Reads the SMS provider's keys and the callback token from Secrets Manager, cached per function
 * instance by Powertools' secrets provider. Create one at module scope, not per invocation.
 */
export class SmsSecrets {
  private readonly secrets: SecretsProvider;
  private readonly env: NodeJS.ProcessEnv;
  private readonly maxAge: number;

  constructor(options: SmsSecretsOptions = {}) {
    this.secrets = options.provider ?? new SecretsProvider({ clientConfig: { maxAttempts: 3 } });
    this.env = options.env ?? process.env;
    this.maxAge = options.maxAgeSeconds ?? SECRET_MAX_AGE_SECONDS;
  }

  /** The provider's keys, validated; an error names the field and the rule, never a value. */
  async credentials<P extends CredentialedProvider>(provider: P): Promise<Extract<SmsCredentials, { provider: P }>> {
    return parseSmsCredentials(await this.read(SMS_SECRET_ENV), provider);
  }

  /** The callback token the receipt and reply endpoints compare the path against. */
  async callbackToken(): Promise<string> {
    return parseCallbackToken(await this.read(SMS_CALLBACK_SECRET_ENV));
  }

  private async read(variable: string): Promise<string> {
    const arn = this.env[variable];
    if (!arn) throw new Error(`${variable} is not set: the stack names the secret in this variable (keys are never read from plain environment variables)`);
    const value = await this.secrets.get(arn, { maxAge: this.maxAge });
    if (typeof value !== 'string') throw new Error(`the secret named by ${variable} has no string value: put the JSON in SecretString`);
    return value;
  }
}
