import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AuthConfig } from '../../shared/config/auth-config';

/** The route a weather feed POSTs CAP / JSON warnings to where Lambda function URLs do not exist. */
export const WEATHER_FEED_PATH = '/feeds/weather-alerts';

/** Where device platforms post alarms, each request signed with the platform's key (checked in the function). */
export const DEVICE_ALARM_ROUTE = '/devices/alarms';

/** Routes answered without a token: a liveness check and what the field app needs to sign in. */
export const PUBLIC_ROUTES = ['/health', '/auth/config'] as const;

export interface ApiProps {
  fn: IFunction;
  /** The region config's sign-in: issuer and accepted audiences for the JWT authorizer. */
  auth: AuthConfig;
  /** Where given, `POST /feeds/weather-alerts` reaches this function, IAM-signed (SigV4, service execute-api). */
  weatherFeed?: IFunction | undefined;
  /** Where given, `POST /devices/alarms` reaches this function without a JWT authorizer (the platform's HMAC is checked in it). */
  deviceAlarms?: IFunction | undefined;
  /** Origins of the field app (CloudFront): browsers there may call the API, and read its Date header (the app's clock). */
  corsOrigins?: string[];
  /** Where given, the provider's receipt and reply callbacks reach this function, without the JWT authorizer (the path token authenticates). */
  smsCallbacks?: { provider: 'aliyun' | 'tencent'; fn: IFunction } | undefined;
}

/** The callback routes a provider posts to: its receipts and its replies, the token a path segment. */
export const smsCallbackRoutes = (provider: 'aliyun' | 'tencent') => [`/sms/${provider}/{token}/receipts`, `/sms/${provider}/{token}/replies`];

/**
 * The HTTP API: every route needs a JWT from the region's OIDC issuer (API Gateway checks
 * issuer, audience, signature and expiry) except the public ones; access logs; throttling.
 * Who the caller is comes from the token's person claim; what they may do is the function's
 * decision (shared/domain/access), from the roster.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** The execute-api ARN of the weather feed route, to grant `execute-api:Invoke` on. */
  readonly weatherFeedArn: string | undefined;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer('Oidc', props.auth.issuer, { jwtAudience: [...props.auth.audiences], identitySource: ['$request.header.Authorization'] });
    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Tanfang API',
      defaultAuthorizer: authorizer,
      createDefaultStage: true,
      ...(props.corsOrigins?.length
        ? {
            corsPreflight: { allowOrigins: props.corsOrigins, allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT], allowHeaders: ['authorization', 'content-type'], exposeHeaders: ['date'], maxAge: Duration.days(1) },
          }
        : {}),
    });
    const integration = new HttpLambdaIntegration('Function', props.fn);
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT], integration });
    for (const path of PUBLIC_ROUTES) this.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration, authorizer: new HttpNoneAuthorizer() });

    if (props.weatherFeed) {
      this.httpApi.addRoutes({ path: WEATHER_FEED_PATH, methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('WeatherFeed', props.weatherFeed), authorizer: new HttpIamAuthorizer() });
      this.weatherFeedArn = Stack.of(this).formatArn({ service: 'execute-api', resource: this.httpApi.apiId, resourceName: `$default/POST${WEATHER_FEED_PATH}` });
    }

    if (props.smsCallbacks) {
      // Only the region's own provider: the other's routes would be one more public door to nothing.
      const callbacks = new HttpLambdaIntegration('SmsCallbacks', props.smsCallbacks.fn);
      for (const path of smsCallbackRoutes(props.smsCallbacks.provider)) this.httpApi.addRoutes({ path, methods: [HttpMethod.POST], integration: callbacks, authorizer: new HttpNoneAuthorizer() });
    }
    if (props.deviceAlarms) {
      this.httpApi.addRoutes({ path: DEVICE_ALARM_ROUTE, methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('DeviceAlarms', props.deviceAlarms), authorizer: new HttpNoneAuthorizer() });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    // Who called what and how it ended; never bodies or query strings (they can hold personal data),
    // and the route key, never the raw path (an SMS callback's path holds its token).
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        sub: '$context.authorizer.claims.sub',
        method: '$context.httpMethod',
        route: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        "GET /health (liveness, no data) and GET /auth/config (the public sign-in settings) are public; the SMS provider's receipt and reply callbacks are authenticated by a 48-character secret path token compared in constant time (neither provider signs its callbacks); POST /devices/alarms is authenticated in its function by the device platform's HMAC signature (platforms hold no person's token); every other route has the OIDC JWT authorizer, the weather feed route IAM.",
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'AuthConfigUrl', { value: `${this.httpApi.apiEndpoint}/auth/config`, description: 'What the field app reads to sign in' });
    new CfnOutput(this, 'OidcIssuer', { value: props.auth.issuer, description: `Tokens accepted from this issuer for ${props.auth.audiences.join(', ')}` });
  }
}
