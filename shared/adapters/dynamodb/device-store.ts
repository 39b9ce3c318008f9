import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlarmKind, StoredAlarm } from '../../domain/devices/alarm';
import type { Device } from '../../domain/devices/device';
import type { Incident, IncidentPointer } from '../../domain/devices/incident';
import { toMillis } from '../../domain/time/instant';
import type { Instant } from '../../domain/time/instant';
import type { CreateResult, DeviceStore } from '../../ports';
import { conditionally } from './errors';
import { withoutAttributes } from './items';
import { collect, queryAll } from './paging';

const INDEX_ATTRIBUTES = ['pk', 'elderOf', 'elderSort', 'incidentOf', 'alarmSort', 'expiresAtEpoch'];
const strip = <T>(item: Record<string, unknown>) => withoutAttributes<T>(item, INDEX_ATTRIBUTES);

const deviceKey = (deviceId: string) => `device#${deviceId}`;
const pointerKey = (deviceId: string, kind: AlarmKind) => `pointer#${deviceId}#${kind}`;
const incidentKey = (incidentId: string) => `incident#${incidentId}`;
// The time as epoch milliseconds: `…+08:00` and `…Z` of one moment are one alarm.
const alarmKey = (deviceId: string, kind: AlarmKind, at: Instant) => `alarm#${deviceId}#${kind}#${toMillis(at)}`;

/** The device registry, incidents and alarms in one table keyed by kind of item (see tables.ts). */
export class DynamoDeviceStore implements DeviceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async item(pk: string): Promise<Record<string, unknown> | undefined> {
    return (await this.client.send(new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true }))).Item;
  }

  private put(item: Record<string, unknown>, condition: { expression: string; values?: Record<string, unknown> }): Promise<boolean> {
    return conditionally(() => this.client.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: condition.expression, ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}) })));
  }

  private versioned(expected: number | undefined) {
    return expected === undefined ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :v', values: { ':v': expected } };
  }

  async getDevice(deviceId: string): Promise<Device | undefined> {
    const item = await this.item(deviceKey(deviceId));
    return item ? strip<Device>(item) : undefined;
  }

  putDevice(device: Device, expectedVersion: number | undefined): Promise<boolean> {
    return this.put({ pk: deviceKey(device.deviceId), ...device, elderOf: device.elderId, elderSort: deviceKey(device.deviceId) }, this.versioned(expectedVersion));
  }

  async devicesOf(elderId: string): Promise<Device[]> {
    return (await this.byElder(elderId, 'device#')).map((i) => strip<Device>(i));
  }

  async pointer(deviceId: string, kind: AlarmKind): Promise<{ pointer: IncidentPointer; version: number } | undefined> {
    const item = await this.item(pointerKey(deviceId, kind));
    if (!item) return undefined;
    return { pointer: { incidentId: String(item.incidentId), firstAt: String(item.firstAt), lastAt: String(item.lastAt) }, version: Number(item.version) };
  }

  movePointer(deviceId: string, kind: AlarmKind, pointer: IncidentPointer, expectedVersion: number | undefined): Promise<boolean> {
    return this.put({ pk: pointerKey(deviceId, kind), ...pointer, version: (expectedVersion ?? 0) + 1 }, this.versioned(expectedVersion));
  }

  async getIncident(incidentId: string): Promise<Incident | undefined> {
    const item = await this.item(incidentKey(incidentId));
    return item ? strip<Incident>(item) : undefined;
  }

  async createIncident(incident: Incident): Promise<CreateResult> {
    const created = await this.put({ pk: incidentKey(incident.incidentId), ...incident, elderOf: incident.elderId, elderSort: `incident#${incident.firstAt}#${incident.incidentId}` }, { expression: 'attribute_not_exists(pk)' });
    return created ? 'created' : 'exists';
  }

  async markRaised(incidentId: string, followUp: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: incidentKey(incidentId) },
        UpdateExpression: 'SET raised = :t, followUp = :f',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true, ':f': followUp },
      }),
    );
  }

  async recordAlarm(alarm: StoredAlarm): Promise<CreateResult> {
    const pk = alarmKey(alarm.deviceId, alarm.kind, alarm.at);
    const created = await this.put({ pk, ...alarm, incidentOf: alarm.incidentId, alarmSort: `${toMillis(alarm.at)}#${pk}` }, { expression: 'attribute_not_exists(pk)' });
    return created ? 'created' : 'exists';
  }

  async getAlarm(deviceId: string, kind: AlarmKind, at: Instant): Promise<StoredAlarm | undefined> {
    const item = await this.item(alarmKey(deviceId, kind, at));
    return item ? strip<StoredAlarm>(item) : undefined;
  }

  async alarmCount(incidentId: string): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ TableName: this.table, IndexName: 'byIncident', KeyConditionExpression: 'incidentOf = :i', ExpressionAttributeValues: { ':i': incidentId }, Select: 'COUNT', ExclusiveStartKey: start }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async incidentsOf(elderId: string, limit: number): Promise<Incident[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byElder',
        KeyConditionExpression: 'elderOf = :e AND begins_with(elderSort, :p)',
        ExpressionAttributeValues: { ':e': elderId, ':p': 'incident#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => strip<Incident>(i));
  }

  async signatureSpent(signatureHash: string): Promise<boolean> {
    return (await this.item(`sig#${signatureHash}`)) !== undefined;
  }

  spendSignature(signatureHash: string, expiresAt: Instant): Promise<boolean> {
    return this.put({ pk: `sig#${signatureHash}`, expiresAt, expiresAtEpoch: Math.ceil(toMillis(expiresAt) / 1000) }, { expression: 'attribute_not_exists(pk)' });
  }

  private byElder(elderId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return collect(queryAll(this.client, { TableName: this.table, IndexName: 'byElder', KeyConditionExpression: 'elderOf = :e AND begins_with(elderSort, :p)', ExpressionAttributeValues: { ':e': elderId, ':p': prefix } }));
  }
}
