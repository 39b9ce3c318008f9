import type { Output } from '@aws-sdk/client-cloudformation';
import { TABLE_IDS } from '../../shared/adapters/dynamodb/tables';
import type { TableNames } from '../../shared/adapters/dynamodb/client';

/** The outputs a deployed `Tanfang-<config>` stack answers DescribeStacks with (infra/constructs/cli-outputs.ts). */
export function stackOutputs(config: string, tables: TableNames, over: Record<string, string | undefined> = {}): Output[] {
  const values: Record<string, string | undefined> = {
    RegionConfig: config,
    ApiEndpoint: 'https://abc123.execute-api.cn-northwest-1.amazonaws.com.cn',
    UploadBucket: `tanfang-${config}-uploads`,
    FieldKeyArn: 'arn:aws-cn:kms:cn-northwest-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    IdHashSecretArn: 'arn:aws-cn:secretsmanager:cn-northwest-1:111122223333:secret:IdHashKey-abc',
    GenerateTasksFunction: `Tanfang-${config}-GenerateTasks`,
    ...Object.fromEntries(TABLE_IDS.map((id) => [`${id}Table`, tables[id]])),
    ...over,
  };
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
}
