import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { configDirWith } from '../helpers/config-dir';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const synth = (configDir?: string) => Template.fromStack(buildApp('sichuan', { context: NO_BUNDLING, ...(configDir ? { configDir } : {}) }).stack);

type Policy = { Properties: { Roles: unknown; PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } };

describe('Smart-device alarms in the stack', () => {
  const template = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const policies = Object.entries({ ...template.findResources('AWS::IAM::Policy'), ...template.findResources('AWS::IAM::ManagedPolicy') }) as [string, Policy][];
  const deviceRole = policies.filter(([, p]) => JSON.stringify(p.Properties.Roles).includes('DeviceAlarmsFunctionRole'));
  const secretId = Object.keys(resources).find((id) => id.startsWith('DeviceAlarmsPlatformKeys'))!;

  it('routes POST /devices/alarms to its own function without a JWT authorizer (the platform signs each request)', () => {
    const route = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === 'POST /devices/alarms')!;
    expect(route.Properties.AuthorizationType).toBe('NONE');
    const integration = Object.entries(resources).find(([id]) => JSON.stringify(route.Properties.Target).includes(id))![1];
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain('DeviceAlarmsFunction');
  });

  it('keeps the platforms’ keys in a KMS-encrypted secret readable by the device-alarm function alone, named by ARN in its environment', () => {
    expect(resources[secretId]).toMatchObject({ Properties: { KmsKeyId: expect.anything(), SecretString: JSON.stringify({ platforms: { 'chenghua-care': 'REPLACE_WITH_THE_PLATFORM_KEY' } }) } });
    const readers = policies.filter(([, p]) => JSON.stringify(p).includes(secretId)).map(([id]) => id);
    expect(readers).toEqual([expect.stringMatching(/^DeviceAlarmsFunctionRole/)]);
    const fn = Object.values(resources).find((r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.Description).startsWith('Takes signed smart-device alarms'))!;
    expect(JSON.stringify(fn.Properties.Environment)).toContain(`"TANFANG_DEVICE_KEYS_SECRET_ARN":{"Ref":"${secretId}"}`);
  });

  it('lets the device-alarm function write only devices, tasks and the outbox, and read the ledger and the roster — never visits, audit, occasions or uploads', () => {
    const statements = deviceRole.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const resourcesOf = (action: string) => JSON.stringify(statements.filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action)).map((s) => s.Resource));
    for (const table of ['DevicesTable', 'TasksTable', 'OutboxTable']) expect(resourcesOf('dynamodb:PutItem')).toContain(table);
    for (const table of ['RegistrationsTable', 'EldersTable', 'PeopleTable']) {
      expect(resourcesOf('dynamodb:GetItem')).toContain(table);
      expect(resourcesOf('dynamodb:PutItem')).not.toContain(table);
    }
    expect(JSON.stringify(statements)).not.toMatch(/VisitsTable|AuditTable|OccasionsTable|UploadsTable|NeedsTable|sns:/);
  });
});

describe('Care-loop settings at synth time', () => {
  it('fails on a follow-up ladder that starts at the village liaison, naming the level', () => {
    const dir = configDirWith((c) => Object.assign(c.escalation as object, { followUpLadder: [{ role: 'liaison', afterDueHours: 0 }] }));
    expect(() => synth(dir)).toThrow(/escalation\.followUpLadder\.0\.role: a follow-up is owned by the township instructor/);
  });

  it('fails on a device platform outside the deployment, naming the field', () => {
    const dir = configDirWith((c) => Object.assign(c, { devices: { platforms: [{ id: 'far', name: '外地平台', areaCode: '440305' }] } }));
    expect(() => synth(dir)).toThrow(/devices\.platforms\.0\.areaCode: 440305 is not within deploymentArea 510108/);
  });
});
