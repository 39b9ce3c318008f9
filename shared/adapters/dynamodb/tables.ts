/**
 * The DynamoDB tables, defined once: the CDK data construct and the local runner (dynalite)
 * both build their tables from these definitions, so the two can never drift.
 *
 * Each index is named after the access pattern it serves. Sparse indexes hold only the items
 * that carry their key attribute, so "open tasks" or "elders due for generation" never grow
 * with closed tasks or inactive elders.
 */
export type KeyType = 'S' | 'N';

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export type Projection = { type: 'ALL' } | { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: string[] };

export interface IndexDefinition {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  projection: Projection;
  /** The access pattern, for the README and for people reading the template. */
  serves: string;
}

export interface TableDefinition {
  id: TableId;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: IndexDefinition[];
  timeToLiveAttribute?: string;
  /** A change stream (keys only) drives a function; locally the runner calls it directly. */
  stream?: boolean;
}

export const TABLE_IDS = ['registrations', 'elders', 'people', 'tasks', 'visits', 'outbox', 'occasions', 'audit', 'spotChecks', 'uploads', 'needs', 'devices', 'archive'] as const;
export type TableId = (typeof TABLE_IDS)[number];

const s = (name: string): KeyAttribute => ({ name, type: 'S' });

/** Shards spread a sparse index's hot partition key over several keys (each serves ≤ 1,000 writes/s). */
export const INDEX_SHARDS = 8;

/**
 * Shards of the two indexes the fan-out jobs walk (generation `g`, attention `a`): one parallel
 * worker per shard. 32 lets a province's month boundary (≈ 3 M elders) finish in under 30 minutes
 * with each worker at ≈ 60 elders/s, and keeps each shard's key under 100 index writes/s at
 * that rate, far from one partition's 1,000 WCU/s. Shards 0–7 of the old count of 8 are among
 * them, so items written before the change are still found (no migration).
 */
export const JOB_SHARDS = 32;

/*
 * Index sort keys are made unique by suffixing the item's own key (`2026-11-16T00:05:00+08:00#E000123#…`):
 * thousands of tasks fall due at the same second, and dynalite drops items when it pages through
 * an index over equal sort values (13 of 20,000 in a probe). Unique keys page exactly everywhere.
 */

export const TABLES: Record<TableId, TableDefinition> = {
  /**
   * The registration form as entered: the truth, written rarely, read by people (not by daily
   * jobs). It also holds one uniqueness claim per ID number (`id#<keyed hash>` → owner).
   */
  registrations: {
    id: 'registrations',
    partitionKey: s('elderId'),
    indexes: [
      {
        name: 'byIdHash',
        partitionKey: s('residentIdHash'),
        projection: { type: 'KEYS_ONLY' },
        serves: 'an elder by ID number, through its keyed hash (the number itself is stored encrypted)',
      },
      {
        name: 'byCounty',
        partitionKey: s('countyCode'),
        sortKey: s('elderId'),
        projection: { type: 'INCLUDE', attributes: ['version'] },
        serves: 'every form of a county with its version: `tanfang ledger check` finds projections missing or behind (a form without a projection is in no elders index)',
      },
    ],
  },
  /** What the daily jobs read and move: a small projection of the registration plus the generation cursor. */
  elders: {
    id: 'elders',
    partitionKey: s('elderId'),
    indexes: [
      {
        name: 'dueForGeneration',
        partitionKey: s('genShard'),
        sortKey: s('genOn'),
        // Only what task generation reads, so a daily run reads small items.
        projection: {
          type: 'INCLUDE',
          attributes: ['profile', 'maskedName', 'villageCode', 'villageName', 'townshipCode', 'countyCode', 'visitorId', 'status', 'consent', 'cursor', 'version'],
        },
        serves: 'elders whose next visit window enters the generation horizon on or before a date (sparse: active, consenting elders only)',
      },
      {
        name: 'byCounty',
        partitionKey: s('countyCode'),
        sortKey: s('areaSort'),
        // What a weather warning or festival needs to raise tasks and notices (no ID number).
        projection: {
          type: 'INCLUDE',
          // registeredOn and updatedAt: ledger statistics (new this period, overdue for the half-yearly review).
          attributes: ['profile', 'maskedName', 'villageCode', 'villageName', 'townshipCode', 'visitorId', 'status', 'consent', 'familyPhones', 'registeredOn', 'updatedAt', 'lastReview'],
        },
        serves: 'elders of a county, a township or a village (begins_with on the village code): who a weather warning or festival affects; list by area; ledger statistics',
      },
      {
        name: 'reviewDue',
        partitionKey: s('reviewCounty'),
        sortKey: s('reviewSort'),
        projection: { type: 'INCLUDE', attributes: ['maskedName', 'villageCode', 'villageName', 'visitorId', 'lastReview', 'registeredOn', 'updatedAt'] },
        serves: 'entries by the day they were last reviewed, per county (`<date>#<village>#<elder>`): those reviewed before a cutoff are overdue (每半年动态更新一次; sparse: moved and deceased elders leave it)',
      },
    ],
  },
  people: {
    id: 'people',
    partitionKey: s('personId'),
    indexes: [
      {
        name: 'byArea',
        partitionKey: s('areaCode'),
        sortKey: s('roleSort'),
        projection: { type: 'ALL' },
        serves: 'visitors and supervisors attached to an area, by role',
      },
      {
        name: 'leaveReturns',
        partitionKey: s('returnShard'),
        sortKey: s('returnSort'),
        projection: { type: 'ALL' },
        serves: "visitors' leave books whose cover still holds tasks to hand back, by the morning after the leave (sparse: few items, one per visitor on leave)",
      },
    ],
  },
  tasks: {
    id: 'tasks',
    partitionKey: s('elderId'),
    sortKey: s('taskId'),
    indexes: [
      {
        name: 'openByVisitor',
        partitionKey: s('openVisitorId'),
        sortKey: s('visitorDue'),
        // Keys only: every reader (the inbox, leave and moves) takes the whole task, and most writes
        // of an open task (an escalation step, a family's reply, a visit not counted) then cost
        // this index nothing; a visitor's 20–50 open tasks are one BatchGetItem.
        projection: { type: 'KEYS_ONLY' },
        serves: "a visitor's open tasks by due time (sparse: open and assigned tasks only)",
      },
      {
        name: 'openByAttention',
        partitionKey: s('attentionShard'),
        sortKey: s('attentionAt'),
        // Keys only: escalation reads each task whole to write it back with a version check, so a
        // projection would be read twice; each step moves the key (a delete and a put of ≈ 150-byte
        // entries instead of two copies of a task that passes 1 KB after a few steps).
        projection: { type: 'KEYS_ONLY' },
        serves: 'open tasks by the time they next need attention: the due time, then each escalation (sparse)',
      },
      {
        name: 'byAreaMonth',
        partitionKey: s('areaMonth'),
        sortKey: s('areaSort'),
        // What visit rates, spot-check draws and the monthly report read of a task, nothing more.
        // Sparse: a task still with its holder and no fixed outcome enters with the write that fixes
        // it (inAreaIndex, task-repository.ts), so a task costs 3 units when created; readers find
        // those through openByVisitor (whoMayHold, README "Write units").
        projection: {
          type: 'INCLUDE',
          attributes: [
            'state',
            'late',
            'tier',
            'kind',
            'end',
            'opensAt',
            'dueAt',
            'completedAt',
            'visitorId',
            'villageCode',
            'maskedName',
            'escalation',
            'occasions',
            'visitFlags',
            'visitId',
            'outcome',
            'fakeVisits',
            'followUpCause',
            'familyConfirmedAt',
            'homeRefusal',
          ],
        },
        serves:
          'tasks of a county whose window ends in a month (`countyCode#YYYY-MM`), by village: begins_with a township or village code narrows it (visit rates, spot-check draws, monthly and quarterly reports; sparse: all but the tasks still with their holder whose outcome is not fixed)',
      },
      {
        name: 'closedByVisitor',
        partitionKey: s('outcomeVisitor'),
        sortKey: s('areaSort'),
        projection: { type: 'INCLUDE', attributes: ['tier', 'kind', 'end', 'dueAt', 'state', 'late', 'visitorId', 'villageCode', 'maskedName', 'outcome', 'homeRefusal'] },
        serves: "a visitor's routine windows whose outcome is fixed, by the month the window ends (`visitorId#YYYY-MM`; sparse: visit rates per visitor)",
      },
      {
        name: 'escalatedByArea',
        partitionKey: s('escalatedCounty'),
        sortKey: s('escalatedSort'),
        // Only what the supervisors' escalation inbox shows (masked name, village, level, days overdue).
        projection: { type: 'INCLUDE', attributes: ['maskedName', 'villageName', 'villageCode', 'visitorId', 'dueAt', 'end', 'escalation', 'tier', 'kind', 'state', 'methods'] },
        serves: "a supervisor's escalation inbox: active tasks that are missed or escalated, by county, begins_with on the township or village code (sparse)",
      },
    ],
    // Closed tasks expire after the region's retention.closedTaskMonths, archived first (archive table).
    timeToLiveAttribute: 'expiresAtEpoch',
  },
  visits: {
    id: 'visits',
    partitionKey: s('elderId'),
    sortKey: s('visitId'),
    indexes: [
      {
        name: 'byVisitor',
        partitionKey: s('visitorId'),
        sortKey: s('visitorSort'),
        projection: { type: 'INCLUDE', attributes: ['visitedAt', 'method', 'flags', 'review'] },
        serves: "a visitor's visits by time (bulk-entry checks; a supervisor's review of one visitor)",
      },
      {
        name: 'awaitingReview',
        partitionKey: s('reviewCounty'),
        sortKey: s('reviewSort'),
        projection: { type: 'INCLUDE', attributes: ['visitorId', 'visitedAt', 'method', 'flags', 'maskedName', 'villageName', 'villageCode'] },
        serves: 'flagged visits nobody has reviewed yet, by county, village and time (sparse: the key goes when a verdict is recorded)',
      },
    ],
  },
  outbox: {
    id: 'outbox',
    partitionKey: s('messageId'),
    indexes: [
      {
        name: 'ready',
        partitionKey: s('readyShard'),
        sortKey: s('readyAt'),
        projection: { type: 'ALL' },
        serves: 'SMS waiting to be sent, by the earliest time they may go (sparse: pending only)',
      },
      {
        name: 'needsAction',
        partitionKey: s('actionQueue'),
        sortKey: s('actionSort'),
        projection: { type: 'INCLUDE', attributes: ['kind', 'template', 'recipientId', 'phone', 'lastError', 'failedAt', 'state'] },
        serves: 'SMS that failed on an invalid number, newest first, for the office to fix the ledger (sparse: until cleared)',
      },
      {
        name: 'awaitingReceipt',
        partitionKey: s('awaitShard'),
        sortKey: s('awaitAt'),
        projection: { type: 'KEYS_ONLY' },
        serves: 'urgent SMS to families by their delivery deadline, until a receipt says delivered or the instructor was told (sparse)',
      },
      {
        name: 'byRecipient',
        partitionKey: s('recipientKey'),
        sortKey: s('recipientSort'),
        projection: { type: 'INCLUDE', attributes: ['kind', 'template', 'urgent', 'state', 'createdAt', 'sentAt', 'delivery', 'undelivered', 'recipientId', 'lastError', 'occasionId', 'phone', 'taskRefs'] },
        serves: "the SMS a person, or an elder's family, was sent, newest first, with their delivery (supervisors of the area)",
      },
    ],
    timeToLiveAttribute: 'expiresAtEpoch',
  },
  /**
   * Weather warnings and festivals (特殊时间节点): `occasion#<id>` holds the occasion as last
   * updated; `message#<CAP identifier>` records each message handled (so a repeat is a no-op and
   * an update finds its alert); `stats#<id>` counts tasks and notices. A stream on the occasion
   * items drives the apply-occasion function.
   */
  occasions: {
    id: 'occasions',
    partitionKey: s('pk'),
    indexes: [],
    stream: true,
  },
  /**
   * 抽查: `drawId` = `<township>#<YYYY-MM>`; `entry` `#draw` holds the month's sample as drawn,
   * `<elderId>#<visitId>` each result (who called, when, what they heard). One Query reads a draw.
   */
  spotChecks: {
    id: 'spotChecks',
    partitionKey: s('drawId'),
    sortKey: s('entry'),
    indexes: [],
  },
  /** Who read an elder's sensitive fields, when and why (个人信息保护: reads of ID numbers and health data are accountable). */
  audit: {
    id: 'audit',
    partitionKey: s('elderId'),
    sortKey: s('auditSort'),
    indexes: [],
    timeToLiveAttribute: 'expiresAtEpoch',
  },
  /** Ledger files uploaded straight to storage (S3 presigned PUT; locally a folder) and their one import. */
  uploads: {
    id: 'uploads',
    partitionKey: s('uploadId'),
    indexes: [],
  },
  /** Needs found on visits with the measures answering them (闭环管理): `needKey` = `<visitId>.<needId>`. */
  needs: {
    id: 'needs',
    partitionKey: s('elderId'),
    sortKey: s('needKey'),
    indexes: [
      {
        name: 'openByArea',
        partitionKey: s('openCounty'),
        sortKey: s('openSort'),
        projection: { type: 'ALL' },
        serves: 'open needs of a county, township or village (begins_with on the village code), for the liaison and the township (sparse: open needs only)',
      },
    ],
  },
  /**
   * Smart devices and their alarms: `device#<id>` (the registry), `pointer#<device>#<kind>` (the
   * incident later alarms are compared with, moved by conditional writes), `incident#<id>`,
   * `alarm#<device>#<kind>#<epoch ms>` (each alarm once), `sig#<hash>` (spent request signatures).
   */
  devices: {
    id: 'devices',
    partitionKey: s('pk'),
    indexes: [
      {
        name: 'byElder',
        partitionKey: s('elderOf'),
        sortKey: s('elderSort'),
        projection: { type: 'ALL' },
        serves: "an elder's devices (`device#…`) and incidents (`incident#<first alarm>#…`, newest last)",
      },
      {
        name: 'byIncident',
        partitionKey: s('incidentOf'),
        sortKey: s('alarmSort'),
        projection: { type: 'KEYS_ONLY' },
        serves: "an incident's alarms, counted (each alarm is stored once, so the count is exact)",
      },
    ],
    timeToLiveAttribute: 'expiresAtEpoch',
  },
  /**
   * Closed tasks, compact, kept for good once the hot table lets them expire (no indexes: every
   * read is a key Query). `elder#<id>` / `<YYYY-MM>`: the elder's archive for a month;
   * `area#<county>#<YYYY-MM>` / `<village>#<n>`: what rates and reports read of the month's tasks,
   * by village; `visitor#<id>#<YYYY-MM>` / `<n>`: per-visitor rates; `area#…` / `#done`: when the
   * month was archived and how many tasks it held.
   */
  archive: {
    id: 'archive',
    partitionKey: s('pk'),
    sortKey: s('sk'),
    indexes: [],
  },
};
