import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AuditLog,
  DeviceStore,
  ElderRepository,
  LeaveRepository,
  NeedRepository,
  FieldCipher,
  OccasionParts,
  OccasionStore,
  Outbox,
  PersonRepository,
  PhoneBudget,
  SmsBudget,
  SmsCallbackLog,
  SmsDeliveries,
  SmsReplyTargets,
  SpotCheckStore,
  TaskArchive,
  TaskRepository,
  TemplateStops,
  UploadRepository,
  VisitRepository,
} from '../../ports';
import { DynamoSpotCheckStore } from './spot-check-repository';
import { DynamoUploadRepository } from './upload-repository';
import type { TableNames } from './client';
import { DynamoElderRepository } from './elder-repository';
import { DynamoAuditLog } from './audit-repository';
import { DynamoOccasionStore } from './occasion-repository';
import { DynamoOccasionParts } from './occasion-parts';
import { DynamoOutbox } from './outbox-repository';
import { DynamoPhoneBudget, DynamoSmsBudget } from './sms-counters';
import { DynamoReplyTargets, DynamoTemplateStops } from './sms-markers';
import { DynamoSmsCallbackLog } from './sms-callback-log';
import { DynamoSmsDeliveries } from './sms-deliveries';
import { DynamoPersonRepository } from './person-repository';
import { DynamoLeaveRepository } from './leave-repository';
import { DynamoTaskRepository } from './task-repository';
import { DynamoTaskArchive } from './task-archive';
import type { RetentionConfig } from '../../config/retention-config';
import { DynamoVisitRepository } from './visit-repository';
import { DynamoNeedRepository } from './need-repository';
import { DynamoDeviceStore } from './device-store';
import { whoMayHold } from '../../app/area-holders';

export interface Repositories {
  elders: ElderRepository;
  people: PersonRepository;
  leaves: LeaveRepository;
  tasks: TaskRepository;
  taskArchive: TaskArchive;
  visits: VisitRepository;
  outbox: Outbox;
  budget: SmsBudget;
  phoneBudget: PhoneBudget;
  replyTargets: SmsReplyTargets;
  templateStops: TemplateStops;
  deliveries: SmsDeliveries;
  callbackLog: SmsCallbackLog;
  occasions: OccasionStore;
  occasionParts: OccasionParts;
  audit: AuditLog;
  spotChecks: SpotCheckStore;
  uploads: UploadRepository;
  needs: NeedRepository;
  devices: DeviceStore;
}

/** Every repository over one document client: the same wiring in Lambda, the local runner and tests. */
export function dynamoRepositories(client: DynamoDBDocumentClient, names: TableNames, protection: { cipher?: FieldCipher; idKey?: string; retention?: RetentionConfig } = {}): Repositories {
  const taskArchive = new DynamoTaskArchive(client, { tasks: names.tasks, archive: names.archive });
  const elders = new DynamoElderRepository(client, { elders: names.elders, registrations: names.registrations }, protection);
  const people = new DynamoPersonRepository(client, names.people);
  const holdersOf = (areaCode: string) => whoMayHold({ elders, people }, areaCode);
  return {
    elders,
    people,
    leaves: new DynamoLeaveRepository(client, names.people),
    tasks: new DynamoTaskRepository(client, names.tasks, { archive: taskArchive, holdersOf, ...(protection.retention ? { closedTaskMonths: protection.retention.closedTaskMonths } : {}) }),
    taskArchive,
    visits: new DynamoVisitRepository(client, names.visits),
    outbox: new DynamoOutbox(client, names.outbox, protection.retention?.outboxDays),
    budget: new DynamoSmsBudget(client, names.outbox),
    phoneBudget: new DynamoPhoneBudget(client, names.outbox),
    replyTargets: new DynamoReplyTargets(client, names.outbox),
    templateStops: new DynamoTemplateStops(client, names.outbox),
    deliveries: new DynamoSmsDeliveries(client, names.outbox),
    callbackLog: new DynamoSmsCallbackLog(client, names.outbox),
    occasions: new DynamoOccasionStore(client, names.occasions),
    occasionParts: new DynamoOccasionParts(client, names.occasions),
    audit: new DynamoAuditLog(client, names.audit),
    spotChecks: new DynamoSpotCheckStore(client, names.spotChecks),
    uploads: new DynamoUploadRepository(client, names.uploads),
    needs: new DynamoNeedRepository(client, names.needs),
    devices: new DynamoDeviceStore(client, names.devices),
  };
}
