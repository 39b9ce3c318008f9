import { Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { TableId } from '../../shared/adapters/dynamodb/tables';
import { DEVICE_KEYS_SECRET_ENV } from '../../shared/adapters/secrets/device-keys';
import { deviceKeysTemplate } from '../../shared/config/device-keys';
import type { RegionRuntime } from '../../shared/config/region-config';
import { acknowledgeGrantWildcards } from './acknowledgements';
import { ScheduledFunction } from './scheduled-function';

export interface DeviceAlarmsProps {
  runtime: RegionRuntime;
  key: Key;
  tables: Record<TableId, TableV2>;
  environment: Record<string, string>;
}

/**
 * Smart-device alarms in: a function behind `POST /devices/alarms` (no JWT authorizer: device
 * platforms sign each request with their own key), and the KMS-encrypted secret of those keys
 * (placeholders until the office puts each platform's key in), readable by that function alone.
 * The function reads the elder (emergency contacts) and the roster, and writes only devices,
 * tasks (the follow-up) and the outbox (the urgent SMS).
 */
export class DeviceAlarms extends Construct {
  readonly job: ScheduledFunction;
  readonly keys: Secret;

  constructor(scope: Construct, id: string, props: DeviceAlarmsProps) {
    super(scope, id);
    const { tables, key } = props;
    this.keys = new Secret(this, 'PlatformKeys', {
      description: 'Tanfang: HMAC keys of the smart-device platforms allowed to post alarms ({"platforms": {"<id>": "<base64 key>"}})',
      encryptionKey: key,
      // Placeholders, not secrets: CloudFormation rewrites the value only if this text changes, so keys put in survive deploys.
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(deviceKeysTemplate(props.runtime.config.devices.platforms.map((p) => p.id)))),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.keys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: "Each platform's key is shared with that vendor's platform, which must change it at the same moment; Secrets Manager cannot rotate it on the vendor's side.",
    });
    this.job = new ScheduledFunction(this, 'Function', {
      job: 'device-alarm',
      description: 'Takes signed smart-device alarms: one incident per device and kind, urgent SMS and a follow-up once',
      timeout: Duration.seconds(20),
      memorySize: 512,
      environment: { ...props.environment, TANFANG_FIELD_KEY_ARN: key.keyArn, [DEVICE_KEYS_SECRET_ENV]: this.keys.secretArn },
      runtime: props.runtime,
      key,
    });
    const role = this.job.role;
    for (const table of [tables.registrations, tables.elders, tables.people]) table.grantReadData(role);
    for (const table of [tables.devices, tables.tasks, tables.outbox]) table.grantReadWriteData(role);
    // The registration's encrypted fields are opened with the stack's key (envelope encryption).
    key.grantDecrypt(role);
    this.keys.grantRead(role);
    acknowledgeGrantWildcards(role, { tables: [tables.registrations, tables.elders, tables.people, tables.devices, tables.tasks, tables.outbox], kms: true });
  }
}
