import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../../helpers/cli';
import { deployedStack } from '../../helpers/deployed-stack';

const ssm = mockClient(SSMClient);
const PARAMETER = '/tanfang/sichuan/settings';
beforeEach(() => ssm.reset());
afterAll(() => ssm.restore());

const folder = () => mkdtempSync(join(tmpdir(), 'tanfang-settings-'));

describe('CLI: tanfang settings on a local data folder', () => {
  it('sets a setting, then shows it in force beside the config values', async () => {
    const dir = folder();
    expect(await cli(['settings', 'set', 'sms.monthlyBudgetSegments', '12000', '--region', 'sichuan', '--data', dir])).toMatchObject({ code: 0 });
    const shown = await cli(['settings', 'show', '--region', 'sichuan', '--data', dir]);
    expect(shown.code).toBe(0);
    const out = JSON.parse(shown.stdout) as { stored: Record<string, unknown>; inForce: Record<string, unknown> };
    expect(out.stored).toEqual({ 'sms.monthlyBudgetSegments': 12000 });
    expect(out.inForce['sms.monthlyBudgetSegments']).toBe(12000);
    expect(out.inForce['sms.quietHours']).toEqual({ start: '21:00', end: '08:00' });
  });

  it("takes a year's statutory days from a JSON file", async () => {
    const dir = folder();
    const file = join(dir, 'days-2027.json');
    writeFileSync(file, JSON.stringify([{ date: '2027-02-06', kind: 'statutory_holiday', name: '春节' }]));
    expect(await cli(['settings', 'set', 'calendar.statutoryDays', `@${file}`, '--region', 'sichuan', '--data', dir])).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ 'calendar.statutoryDays': [{ date: '2027-02-06', kind: 'statutory_holiday', name: '春节' }] });
  });

  it('refuses a bad value with exit 1 naming the field and the rule, and leaves the file as it was', async () => {
    const dir = folder();
    await cli(['settings', 'set', 'escalation.acknowledgeHours', '48', '--region', 'sichuan', '--data', dir]);
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    const bad = await cli(['settings', 'set', 'sms.quietHours', '{"start":"25:00","end":"08:00"}', '--region', 'sichuan', '--data', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/sms\.quietHours\.start: must be a 24-hour time HH:MM/);
    expect((await cli(['settings', 'set', 'sms.monthlyBudgetSegments', 'lots', '--region', 'sichuan', '--data', dir])).stderr).toMatch(/sms\.monthlyBudgetSegments: must be JSON/);
    expect((await cli(['settings', 'set', 'sms.signature', '"【假冒】"', '--region', 'sichuan', '--data', dir])).stderr).toMatch(/sms\.signature: not a runtime setting/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('warns about a hand-edited bad file and shows the config values in force', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'settings.json'), '{"sms.quietHours": "never"');
    const shown = await cli(['settings', 'show', '--region', 'sichuan', '--data', dir]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(/^warning: stored settings refused/);
    expect((JSON.parse(shown.stdout) as { inForce: Record<string, unknown> }).inForce['sms.quietHours']).toEqual({ start: '21:00', end: '08:00' });
  });

  it('is a usage error (exit 2) without a store, with both stores, a missing value or an unknown subcommand', async () => {
    const dir = folder();
    expect((await cli(['settings', 'show', '--region', 'sichuan'])).code).toBe(2);
    expect((await cli(['settings', 'show', '--region', 'sichuan', '--data', dir, '--parameter', PARAMETER])).code).toBe(2);
    expect((await cli(['settings', 'set', 'sms.monthlyBudgetSegments', '--region', 'sichuan', '--data', dir])).code).toBe(2);
    expect((await cli(['settings', 'delete', '--region', 'sichuan', '--data', dir])).code).toBe(2);
    expect((await cli(['settings', 'show', '--region', 'sichuan', '--parameter', 'no spaces; rm -rf'])).code).toBe(2);
  });
});

describe('CLI: tanfang settings on a deployed region (--parameter)', () => {
  it('reads the parameter, validates, and overwrites it', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAMETER, Value: '{"escalation.followUpHours":48}' } });
    ssm.on(PutParameterCommand).resolves({ Version: 3 });
    const out = await cli(['settings', 'set', 'sms.perPhone', '{"perDay":3,"perKind":{},"identicalSeconds":60}', '--region', 'sichuan', '--parameter', PARAMETER]);
    expect(out.code).toBe(0);
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: PARAMETER, Overwrite: true, Type: 'String', Value: '{"sms.perPhone":{"perDay":3,"perKind":{},"identicalSeconds":60},"escalation.followUpHours":48}' });
  });

  it('never writes a refused value to SSM', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const out = await cli(['settings', 'set', 'escalation.followUpHours', '0', '--region', 'sichuan', '--parameter', PARAMETER]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/escalation\.followUpHours/);
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('shows a parameter never created as the config values', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const out = await cli(['settings', 'show', '--region', 'sichuan', '--parameter', PARAMETER]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ parameter: PARAMETER, stored: {}, refused: [] });
  });
});

describe('CLI: tanfang settings --stack Tanfang-sichuan (the parameter from the stack’s outputs)', () => {
  const { cloudFormation, answer } = deployedStack();
  const deployed = (over: Record<string, string | undefined> = {}) => answer({ SettingsParameter: PARAMETER, ...over });
  beforeEach(() => {
    cloudFormation.reset();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  });
  afterAll(() => {
    cloudFormation.restore();
    vi.unstubAllEnvs();
  });

  it('sets a value on the parameter the stack names, in the stack’s AWS region, and shows it', async () => {
    deployed();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAMETER, Value: '{}' } });
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    const out = await cli(['settings', 'set', 'sms.monthlyBudgetSegments', '200000', '--stack', 'Tanfang-sichuan']);
    expect(out).toMatchObject({ code: 0 });
    expect(JSON.parse(out.stdout)).toEqual({ stack: 'Tanfang-sichuan', parameter: PARAMETER, stored: { 'sms.monthlyBudgetSegments': 200000 } });
    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'Tanfang-sichuan' });
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: PARAMETER, Value: '{"sms.monthlyBudgetSegments":200000}' });
    expect(await ssm.call(0).thisValue.config.region()).toBe('cn-northwest-1');
    const shown = await cli(['settings', 'show', '--stack', 'Tanfang-sichuan']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ stack: 'Tanfang-sichuan', parameter: PARAMETER });
  });

  it('refuses a stack deployed before it named its settings parameter (exit 1), and writes nothing', async () => {
    deployed({ SettingsParameter: undefined });
    const out = await cli(['settings', 'unset', 'sms.quietHours', '--stack', 'Tanfang-sichuan']);
    expect(out).toMatchObject({ code: 1, stderr: expect.stringContaining('lacks the output SettingsParameter') });
    expect(ssm).not.toHaveReceivedCommand(PutParameterCommand);
  });

  it('refuses --stack beside --parameter or --data, another region, --profile alone (exit 2), before asking AWS', async () => {
    expect(await cli(['settings', 'show', '--stack', 'Tanfang-sichuan', '--parameter', PARAMETER])).toMatchObject({ code: 2, stderr: expect.stringContaining('not two') });
    expect(await cli(['settings', 'show', '--stack', 'Tanfang-sichuan', '--data', folder()])).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
    expect(await cli(['settings', 'show', '--stack', 'Tanfang-sichuan', '--region', 'shanghai'])).toMatchObject({ code: 2, stderr: expect.stringContaining('is not the region of --stack') });
    expect(await cli(['settings', 'show', '--region', 'sichuan', '--parameter', PARAMETER, '--profile', 'x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--profile goes with --stack') });
    expect(await cli(['settings', 'set', 'sms.monthlyBudgetSegments', '--stack', 'Tanfang-sichuan'])).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument 'value'") });
    expect(cloudFormation).not.toHaveReceivedCommand(DescribeStacksCommand);
  });
});
