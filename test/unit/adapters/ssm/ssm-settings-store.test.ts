import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmSettingsStore } from '../../../../shared/adapters/ssm/ssm-settings-store';

const client = new SSMClient({ region: 'cn-northwest-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const ssm = mockClient(client);
const NAME = '/tanfang/sichuan/settings';

beforeEach(() => ssm.reset());

describe('Method: read', () => {
  it('reads the parameter once and serves it from the cache while it is fresh', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Value: '{"sms.monthlyBudgetSegments":12000}' } });
    const store = new SsmSettingsStore(client, NAME, { maxAgeSeconds: 300 });
    // Act
    const first = await store.read();
    const second = await store.read();
    // Assess
    expect(first).toBe('{"sms.monthlyBudgetSegments":12000}');
    expect(second).toBe(first);
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: NAME });
  });

  it('asks every time when its cache age is 0 (the CLI)', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Value: '{}' } });
    const store = new SsmSettingsStore(client, NAME, { maxAgeSeconds: 0 });
    await store.read();
    await store.read();
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });

  it('reads a parameter never created as no settings, and does not ask again while that is fresh', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const store = new SsmSettingsStore(client, NAME, { maxAgeSeconds: 300 });
    expect(await store.read()).toBeUndefined();
    expect(await store.read()).toBeUndefined();
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
  });

  it('lets any other failure through (the function keeps its last settings, see withSettings)', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(new SsmSettingsStore(client, NAME, { maxAgeSeconds: 300 }).read()).rejects.toThrow(/Rate exceeded/);
  });
});

describe('Method: write', () => {
  it('overwrites the standard String parameter and forgets what it had cached', async () => {
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Name: NAME, Value: '{}' } })
      .resolves({ Parameter: { Name: NAME, Value: '{"escalation.acknowledgeHours":48}' } });
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const store = new SsmSettingsStore(client, NAME, { maxAgeSeconds: 300 });
    await store.read();
    await store.write('{"escalation.acknowledgeHours":48}');
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: NAME, Value: '{"escalation.acknowledgeHours":48}', Overwrite: true, Type: 'String', Tier: 'Standard' });
    expect(await store.read()).toBe('{"escalation.acknowledgeHours":48}');
  });
});
