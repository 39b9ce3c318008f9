import 'aws-sdk-client-mock-vitest/extend';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { StackStatus } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeStack, regionConfigOfStack, REQUIRED_OUTPUTS, StackRefusal } from '../../../cli/stack/outputs';
import { UsageError } from '../../../cli/io';
import { localTableNames } from '../../../shared/adapters/dynamodb/create-tables';
import { NotFoundError } from '../../../shared/app/errors';
import { stackOutputs } from '../../helpers/stack-outputs';

const cloudFormation = mockClient(CloudFormationClient);
const tables = localTableNames('Tanfang-sichuan');
const answer = (outputs = stackOutputs('sichuan', tables), StackStatus: StackStatus = 'UPDATE_COMPLETE') => ({ Stacks: [{ StackName: 'Tanfang-sichuan', StackStatus, CreationTime: new Date(0), Outputs: outputs }] });

describe('Function: describeStack', () => {
  beforeEach(() => cloudFormation.reset());

  it('reads the tables, bucket, keys, API and functions of Tanfang-sichuan from its outputs', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(answer());
    const targets = await describeStack(new CloudFormationClient({ region: 'cn-northwest-1' }), 'Tanfang-sichuan');
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Tanfang-sichuan' });
    expect(targets).toMatchObject({ regionConfig: 'sichuan', tables, uploadBucket: 'tanfang-sichuan-uploads', functions: { GenerateTasks: 'Tanfang-sichuan-GenerateTasks' }, scheduleGroup: undefined });
  });

  it('refuses a stack deployed before the CLI outputs existed, naming each missing output', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(answer(stackOutputs('sichuan', tables, { UploadBucket: undefined, eldersTable: undefined })));
    const refusal = describeStack(new CloudFormationClient({}), 'Tanfang-sichuan');
    await expect(refusal).rejects.toBeInstanceOf(StackRefusal);
    await expect(refusal).rejects.toThrow(/lacks the outputs UploadBucket, eldersTable/);
  });

  it('refuses a stack named after one region but built from another region’s config', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves(answer(stackOutputs('shanghai', tables)));
    await expect(describeStack(new CloudFormationClient({}), 'Tanfang-sichuan')).rejects.toThrow(/built from region config "shanghai", not "sichuan"/);
  });

  it('refuses a stack still deploying or rolled back from its creation', async () => {
    for (const status of ['UPDATE_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_IN_PROGRESS'] as const) {
      cloudFormation.on(DescribeStacksCommand).resolves(answer(undefined, status));
      await expect(describeStack(new CloudFormationClient({}), 'Tanfang-sichuan')).rejects.toThrow(new RegExp(`is ${status}`));
    }
  });

  it('says a stack that does not exist is not found (CloudFormation answers ValidationError)', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Tanfang-sichuan does not exist'), { name: 'ValidationError' }));
    await expect(describeStack(new CloudFormationClient({}), 'Tanfang-sichuan')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets an access-denied answer through as it is (the administrator’s IAM decides)', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied' }));
    await expect(describeStack(new CloudFormationClient({}), 'Tanfang-sichuan')).rejects.toThrow(/not authorized/);
  });
});

describe('Function: regionConfigOfStack', () => {
  it('takes the region config from Tanfang-<name>', () => {
    expect(regionConfigOfStack('Tanfang-sichuan')).toBe('sichuan');
  });

  it('refuses names that are not a Tanfang stack, or try to reach a path or another stack', () => {
    for (const name of ['sichuan', 'Tanfang-', 'Tanfang-../../etc', 'Tanfang-Sichuan', 'Tanfang-sichuan;ls', ['arn', 'aws', 'cloudformation', 'x'].join(':'), `Tanfang-${'a'.repeat(40)}`]) {
      expect(() => regionConfigOfStack(name), name).toThrow(UsageError);
    }
  });

  it('needs an output for every table the repositories use', () => {
    expect(REQUIRED_OUTPUTS).toEqual(expect.arrayContaining(['RegionConfig', 'UploadBucket', 'FieldKeyArn', 'IdHashSecretArn', 'eldersTable', 'uploadsTable', 'devicesTable']));
  });
});
