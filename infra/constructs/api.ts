import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, CfnUserPoolGroup, FeaturePlan, Mfa, StandardThreatProtectionMode, StringAttribute, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/people/person';

export interface ApiProps {
  fn: IFunction;
  /** Origins of the field app (CloudFront): browsers there may call the API, and read its Date header (the app's clock). */
  corsOrigins?: string[];
}

/**
 * The HTTP API: a Cognito user pool (one group per role; each user carries the person id of
 * the roster entry that binds them to an area), an HTTP API whose every route needs a Cognito
 * JWT except `GET /health`, access logs, and throttling. Area-scoped decisions are the
 * function's (shared/domain/access), from the person the token names.
 */
export class Api extends Construct {
  readonly userPool: UserPool;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      customAttributes: { personId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.NONE,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) new CfnUserPoolGroup(this, `Group${role[0]!.toUpperCase()}${role.slice(1)}`, { userPoolId: this.userPool.userPoolId, groupName: role, description: `Tanfang ${role}` });
    const client = this.userPool.addClient('AppClient', { authFlows: { userSrp: true }, generateSecret: false, idTokenValidity: Duration.hours(8), accessTokenValidity: Duration.hours(8) });

    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.userPool, { userPoolClients: [client] });
    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Tanfang API',
      defaultAuthorizer: authorizer,
      createDefaultStage: true,
      ...(props.corsOrigins?.length
        ? { corsPreflight: { allowOrigins: props.corsOrigins, allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT], allowHeaders: ['authorization', 'content-type'], exposeHeaders: ['date'], maxAge: Duration.days(1) } }
        : {}),
    });
    const integration = new HttpLambdaIntegration('Function', props.fn);
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT], integration });
    this.httpApi.addRoutes({ path: '/health', methods: [HttpMethod.GET], integration, authorizer: new HttpNoneAuthorizer() });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    // Who called what and how it ended; never bodies or query strings (they can hold personal data).
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', sub: '$context.authorizer.claims.sub', method: '$context.httpMethod', route: '$context.routeKey', status: '$context.status', latencyMs: '$context.responseLatency' }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
    Validations.of(this.httpApi).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'GET /health alone is public (a liveness check with no data); every other route has the Cognito JWT authorizer.' });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}
