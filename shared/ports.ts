/**
 * The small interfaces use cases need. Use cases take them as arguments, so the same code runs
 * in Lambda (DynamoDB, an SMS provider), in the local runner (dynalite, a file) and in tests (fakes).
 * The SMS provider itself is the `SmsGateway` of `shared/domain/sms/provider.ts`.
 */
import type { GenerationCursor } from './domain/cadence/plan';
import type { ElderForGeneration, ElderForSpecial, ElderRecord } from './domain/ledger/elder-record';
import type { ReviewDueElder } from './domain/ledger/review-due';
import type { AreaScope } from './domain/special/areas';
import type { AuditEntry } from './domain/access/audit';
import type { AlertOccasion, EventOccasion, FestivalOccasion, MessageKey, Occasion } from './domain/special/occasion';
import type { Person } from './domain/people/person';
import type { Delivery } from './domain/sms/delivery';
import type { LeaveBook } from './domain/people/leave';
import type { NewOutboxMessage, OutboxMessage, ReplyMeaning, SmsKind } from './domain/sms/message';
import type { PhoneLimit, PhoneLimits } from './domain/sms/phone-budget';
import type { Task, TaskSummary } from './domain/task/task';
import type { ArchivedTask } from './domain/task/archived';
import type { Instant } from './domain/time/instant';
import type { VisitRecord, VisitReview } from './domain/visit/visit-form';
import type { SpotCheckDraw, SpotCheckResult } from './domain/reports/spot-check-record';
import type { LocalDate } from './domain/time/local-date';
import type { Need } from './domain/care/need';
import type { Device } from './domain/devices/device';
import type { AlarmKind, StoredAlarm } from './domain/devices/alarm';
import type { Incident, IncidentPointer } from './domain/devices/incident';

/** A fan-out job's unit of work: one shard of one run, and where it stands (see shared/app/job-messages.ts). */
export interface ShardJobMessage {
  job: 'generate' | 'escalate';
  shard: string;
  /** The `next` of the last page done; absent at the start of the shard. */
  after?: string | undefined;
  /** The run it belongs to (the generation date, the escalation pass), for logs. */
  run: string;
  /** Invocations this shard has taken so far in this run: a guard against a walk that never ends. */
  hop: number;
}

/** One part (one area scope) of applying an occasion's revision; the stored part progress is the truth, `after` only a hint for logs. */
export interface OccasionJobMessage {
  job: 'occasion';
  occasionId: string;
  revision: number;
  /** Index into the revision's area scopes (`occasionScopes`). */
  part: number;
  after?: string | undefined;
  /** When the revision's application was planned (the time its tasks are planned at). */
  run: string;
  hop: number;
}

export type JobMessage = ShardJobMessage | OccasionJobMessage;

/** The jobs queue (SQS in AWS, in-process locally): planners put one message per shard, workers their continuations. */
export interface JobQueue {
  send(messages: readonly JobMessage[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

export type EnqueueResult = 'queued' | 'exists';

/** SMS outbox: every SMS is written here first and delivered from here, once. */
export interface Outbox {
  enqueue(message: NewOutboxMessage): Promise<EnqueueResult>;
  get(messageId: string): Promise<OutboxMessage | undefined>;
  /**
   * Writes a digest that gathers tasks until it is sent: creates it when `expectedVersion` is
   * undefined, else rewrites it only while it is still pending at that version. `conflict`:
   * someone else wrote it first (read and merge again); `closed`: it was already taken for sending.
   */
  putDigest(message: NewOutboxMessage, expectedVersion: number | undefined): Promise<'written' | 'conflict' | 'closed'>;
  /**
   * Pending messages whose sendAfter ≤ now, earliest first; with `after` (the `readyKeyOf` of
   * the last message of the previous page), the next page.
   */
  listReady(now: Instant, limit: number, after?: string): Promise<OutboxMessage[]>;
  /** pending → sending, only if still pending; undefined when another sender won. */
  claim(messageId: string, at: Instant): Promise<OutboxMessage | undefined>;
  markSent(messageId: string, providerMessageId: string, at: Instant): Promise<void>;
  /** sending → failed: kept visible with the reason, never retried automatically. */
  markFailed(messageId: string, error: string, at: Instant): Promise<void>;
  /** sending → failed for good because the number is invalid, and listed for the office to fix the ledger. */
  markInvalidNumber(messageId: string, detail: string, at: Instant): Promise<void>;
  /** sending → unknown: the provider may have sent it; never sent again automatically. */
  markUnknown(messageId: string, detail: string, at: Instant): Promise<void>;
  /** sending → pending again with a later sendAfter (throttled, deferred: nothing was sent). */
  release(messageId: string, error: string, retryAfter: Instant): Promise<void>;
  /** sending → cancelled: its occasion was called off before it went (kept visible). */
  markCancelled(messageId: string, reason: string, at: Instant): Promise<void>;
  /** sending → held: not sent, visibly, with the reason (monthly budget spent, template refused). */
  markHeld(messageId: string, reason: string, at: Instant): Promise<void>;
  /** Messages that failed on an invalid number and wait for the office to fix the ledger, newest first (a sparse index). */
  invalidNumbers(limit: number): Promise<InvalidNumberEntry[]>;
  /** Takes a message off the invalid-number list once the ledger is fixed; false if it was not on it. */
  clearInvalidNumber(messageId: string, by: string, at: Instant): Promise<boolean>;
}

/** An SMS that failed on an invalid number: who it was for, so the office can fix the ledger. */
export interface InvalidNumberEntry {
  messageId: string;
  kind: SmsKind;
  template: string;
  recipientId: string;
  phone: string;
  detail: string;
  failedAt: Instant;
}

/** The region's monthly SMS budget, counted in segments (what operators bill). */
export interface SmsBudget {
  /**
   * Counts `segments` against the month. A non-urgent message is refused once the month's
   * budget would be exceeded; an urgent one is always counted and allowed.
   */
  reserve(month: string, segments: number, urgent: boolean, budget: number): Promise<{ allowed: boolean; used: number }>;
}

/** Per-phone daily counters (one item per phone and day, moved by single conditional writes). */
export interface PhoneBudget {
  /** Counts one SMS, unless a non-urgent one would break a limit: then nothing is counted and the limit is named. */
  reserve(input: { phone: string; day: LocalDate; kind: SmsKind; content: string; at: Instant; urgent: boolean; limits: PhoneLimits }): Promise<{ allowed: true } | { allowed: false; limit: PhoneLimit; lastAt?: Instant | undefined }>;
  /** Gives a reservation back: the SMS was not sent after all (throttled, refused). */
  refund(input: { phone: string; day: LocalDate; kind: SmsKind }): Promise<void>;
}

/** What a reply `1` from a phone will act on: the last escalation digest or family notice it was sent. */
export interface ReplyTarget {
  meaning: ReplyMeaning;
  messageId: string;
  template: string;
  recipientId: string;
  taskRefs: string[];
  sentAt: Instant;
}

/** The last reply-able message per phone and meaning: one key lookup when a reply arrives. */
export interface SmsReplyTargets {
  /** Keeps the later of the stored and the given target (a late retry never overwrites a newer digest). */
  record(phone: string, target: ReplyTarget): Promise<void>;
  latest(phone: string, meaning: ReplyMeaning): Promise<ReplyTarget | undefined>;
}

/**
 * Delivery receipts on outbox messages: which message a provider's id names, each message's
 * delivery (set once), the urgent family SMS still waiting for theirs, and what a recipient got.
 */
export interface SmsDeliveries {
  /** Remembers the message a provider's id and number name, for receipts that do not carry our reference (a batch call). */
  trackSent(providerMessageId: string, phone: string, messageId: string, at: Instant): Promise<void>;
  /** The messages a provider's id and number name (a number listed twice in one batch names two). */
  findSent(providerMessageId: string, phone: string): Promise<string[]>;
  /**
   * Sets a message's delivery unless it has one ('already'), or the message is not there
   * ('missing'). Delivered: it leaves the awaiting index. Failed: its deadline becomes now.
   */
  setDelivery(messageId: string, delivery: Delivery): Promise<'set' | 'already' | 'missing'>;
  /** Watched messages whose delivery deadline has passed without a delivered receipt, earliest first (a sparse index). */
  awaitingPastDeadline(now: Instant, limit: number): Promise<OutboxMessage[]>;
  /** Takes a watched message out of the awaiting index once its instructor was told; false if it had already left. */
  closeAwaiting(messageId: string, notice: string, at: Instant): Promise<boolean>;
  /** What one recipient key (`person#…`, `elder#…`) was sent, newest first; `cursor` is the `next` of the page before. */
  forRecipient(recipientKey: string, limit: number, cursor?: string): Promise<{ items: OutboxMessage[]; next?: string | undefined }>;
}

/** Receipts and replies as they arrived, each kept once under its dedupe key with what was made of it. */
export interface SmsCallbackLog {
  /**
   * Stores a callback item the first time ('new'). A repeat finds it: 'done' when it was fully
   * handled (change nothing), 'retry' when a run stopped half-way or runs at the same time
   * (handle it again: every step is idempotent).
   */
  begin(kind: CallbackKind, dedupeKey: string, record: CallbackRecord, at: Instant): Promise<'new' | 'retry' | 'done'>;
  /** Records what became of it: applied, or ignored with the reason. */
  finish(kind: CallbackKind, dedupeKey: string, outcome: string, at: Instant): Promise<void>;
  /** What became of one, for tests and the office; undefined when never stored. */
  get(kind: CallbackKind, dedupeKey: string): Promise<(CallbackRecord & { outcome?: string | undefined }) | undefined>;
}

export type CallbackKind = 'receipt' | 'reply';

/** What is kept of a receipt or reply. Its `phone` is stored as a hash and a masked form, never as the number. */
export type CallbackRecord = Record<string, string | number | boolean | undefined>;

/** Templates a provider refused: their messages are held until the region files a new code. */
export interface TemplateStops {
  /** Why this template, under this code, is stopped; undefined when it is not. */
  stopped(templateId: string, code: string): Promise<string | undefined>;
  stop(templateId: string, code: string, reason: string, at: Instant): Promise<void>;
}

export type CreateResult = 'created' | 'exists';

/** One page of a job's work on one shard of its index; `next` (absent on the last page) resumes after it. */
export interface JobPage<T> {
  items: T[];
  next?: string | undefined;
}

/** How a save of an elder's form ended. */
export type ElderSaveResult =
  | { ok: true }
  /** Changed meanwhile (version check), or, for a creation, already registered. */
  | { ok: false; reason: 'version' | 'exists' }
  /** Another elder holds this ID number: one number, one elder. */
  | { ok: false; reason: 'number_taken'; holder: string };

/** Where one registration stands against its projection, for `tanfang ledger check`. */
export interface LedgerState {
  elderId: string;
  version: number;
  projectedVersion?: number | undefined;
  settledVersion?: number | undefined;
}

/**
 * The elder ledger (台账), in two tables: the form as entered (the truth) and the small
 * projection daily jobs read. Every write goes form first, projection second, follow-up steps
 * last, each idempotent, so an interrupted write is finished by running it again or by `repair`.
 */
export interface ElderRepository {
  /** The elder as the form says (projectedVersion/settledVersion tell whether the rest caught up). */
  get(elderId: string): Promise<ElderRecord | undefined>;
  /** The elder registered with an ID number (its uniqueness claim, else the keyed-hash index), if any. */
  findByResidentId(residentId: string): Promise<string | undefined>;
  /** The records of many elders at once (100 per batch read); absent ids are left out. */
  getMany(elderIds: readonly string[]): Promise<Map<string, ElderRecord>>;
  /**
   * Bulk-loads elders not in the ledger yet: each ID number is claimed first (a conditional
   * write), then forms and projections go 25 per batch. The caller has just checked the ids
   * are new (ledger import does, with getMany). Returns the elders whose number another holds.
   */
  importNew(records: readonly ElderRecord[]): Promise<Map<string, string>>;
  /**
   * Claims the ID number, writes the form if its stored version is one less (or, with
   * `create`, only if absent), then the projection; `settled` marks the follow-up steps done.
   */
  save(record: ElderRecord, options: { create?: boolean; settled: boolean }): Promise<ElderSaveResult>;
  /** Writes the projection of the stored form when it is missing or behind (an interrupted save). */
  project(record: ElderRecord, settled: boolean): Promise<void>;
  /** Records that the follow-up steps of a version finished. */
  markSettled(elderId: string, version: number): Promise<void>;
  /** Every registration of a county with the versions its projection holds (a Query on `registrations.byCounty`). */
  ledgerStates(county: string): AsyncIterable<LedgerState>;
  /** Active, consenting elders whose next generation date is on or before `on` (a sparse index, not the ledger). */
  dueForGeneration(on: LocalDate): AsyncIterable<ElderForGeneration>;
  /** The shards of the generation index: one unit of fan-out each. */
  generationShards(): string[];
  /** One page of one shard of the same, at most `limit` elders, after `after` (the `next` of the page before). */
  pageDueForGeneration(shard: string, on: LocalDate, limit: number, after?: string): Promise<JobPage<ElderForGeneration>>;
  /** Takes an elder who is no longer served out of the generation index (their record stays). */
  leaveGeneration(elderId: string): Promise<void>;
  /** Elders of a county, township or village (the byCounty index), for weather warnings and festivals. */
  inArea(scope: AreaScope): AsyncIterable<ElderForSpecial>;
  /**
   * One page of the same, for lists people scroll; `cursor` is the opaque `next` of the page
   * before. A cursor this list did not give is a ValidationError naming `cursor`.
   */
  pageInArea(scope: AreaScope, limit: number, cursor?: string): Promise<{ items: ElderForSpecial[]; next?: string | undefined }>;
  /** Entries of a county under review whose last review was before `before` (the `reviewDue` index: only overdue ones are read). */
  reviewDue(county: string, before: LocalDate): AsyncIterable<ReviewDueElder>;
  /** Moves the generation cursor forward, never back: false if another run already moved it as far. */
  advanceCursor(elderId: string, cursor: GenerationCursor, nextOn: LocalDate): Promise<boolean>;
}

export interface PersonRepository {
  get(personId: string): Promise<Person | undefined>;
  getMany(personIds: readonly string[]): Promise<Map<string, Person>>;
  save(person: Person): Promise<void>;
  inArea(areaCode: string): Promise<Person[]>;
}

/** Visitors' leaves (请假, 代班): one book per visitor, in the people table. */
export interface LeaveRepository {
  /** The visitor's leaves (an empty book at version 0 when none was ever recorded). */
  forVisitor(visitorId: string): Promise<LeaveBook>;
  /** Writes the book if its stored version is `book.version - 1`; false when someone changed it meanwhile. */
  save(book: LeaveBook): Promise<boolean>;
  /** Books with a leave whose cover still holds tasks to hand back on or before `on` (a sparse index). */
  dueForReturn(on: LocalDate): AsyncIterable<LeaveBook>;
}

export interface TaskRepository {
  /** Creates the task unless one with the same key exists (generating twice never duplicates). */
  createIfAbsent(task: Task): Promise<CreateResult>;
  get(elderId: string, taskId: string): Promise<Task | undefined>;
  /** Replaces a task if its stored version is `task.version - 1`; false if someone changed it meanwhile. */
  update(task: Task): Promise<boolean>;
  forElder(elderId: string): Promise<Task[]>;
  /** A visitor's open and assigned tasks, earliest due first. */
  openForVisitor(visitorId: string): Promise<Task[]>;
  /** Open and assigned tasks whose attention time is at or before `at`, earliest first. */
  needingAttention(at: Instant, limit: number): Promise<Task[]>;
  /** The shards of the attention index: one unit of fan-out each. */
  attentionShards(): string[];
  /** One page of one shard of the same, at most `limit` tasks, after `after` (the `next` of the page before). */
  pageNeedingAttention(shard: string, at: Instant, limit: number, after?: string): Promise<JobPage<Task>>;
  /** Tasks of a county, township or village whose window ends in a month (YYYY-MM): visit rates and reports. */
  inAreaMonth(areaCode: string, month: string): Promise<TaskSummary[]>;
  /**
   * inAreaMonth for several months at once (a quarter): the same answer as each month's, joined,
   * with the area's holders and their open tasks read once instead of once a month.
   */
  inAreaMonths(areaCode: string, months: readonly string[]): Promise<TaskSummary[]>;
  /** Routine windows of a visitor ending in a month whose outcome is fixed (the visitor responsible then). */
  closedForVisitor(visitorId: string, month: string): Promise<TaskSummary[]>;
  /**
   * One page of the escalation inbox: active tasks that are missed or escalated, in the given
   * counties, narrowed to a township or village code; `cursor` is the `next` of the page before.
   */
  escalatedInArea(counties: readonly string[], prefix: string | undefined, limit: number, cursor?: string): Promise<EscalatedPage>;
}

/** One archive pass over a county's month: the tasks the archive now holds for it, the items written. */
export interface ArchivePass {
  tasks: number;
  items: number;
}

/**
 * Closed tasks kept for good once the hot table lets them expire (archived first): the elder's
 * archive, and what rates and reports read of a month, per area and per visitor.
 */
export interface TaskArchive {
  /** Archives a county's tasks of a month as they stand now, adding to what earlier passes kept (never removing). */
  archiveMonth(countyCode: string, month: string, at: Instant): Promise<ArchivePass>;
  /** As TaskRepository.inAreaMonth, from the archive. */
  areaMonth(areaCode: string, month: string): Promise<TaskSummary[]>;
  /** Routine windows of a month whose outcome named this visitor, from the archive. */
  visitorMonth(visitorId: string, month: string): Promise<TaskSummary[]>;
  forElder(elderId: string): Promise<ArchivedTask[]>;
}

/** What the escalation inbox reads of a task (the index projects only this). */
export type EscalatedTask = Pick<Task, 'elderId' | 'taskId' | 'maskedName' | 'villageName' | 'villageCode' | 'visitorId' | 'dueAt' | 'end' | 'escalation' | 'tier' | 'kind' | 'state' | 'methods'>;

export interface EscalatedPage {
  items: EscalatedTask[];
  next?: string | undefined;
}

/** Visit records (探访关爱服务记录), per elder. */
export interface VisitRepository {
  /**
   * Stores a visit unless its id is already used (a resubmission, for this elder or another):
   * then returns the visit stored under that id (undefined if its storing never finished).
   */
  createIfAbsent(visit: VisitRecord): Promise<{ result: CreateResult; visit: VisitRecord | undefined }>;
  countForElder(elderId: string): Promise<number>;
  forElder(elderId: string): Promise<VisitRecord[]>;
  /** A visitor's visits made between two times (any elder), for the bulk-entry check. */
  byVisitorBetween(visitorId: string, from: Instant, to: Instant): Promise<Pick<VisitRecord, 'visitId' | 'elderId' | 'visitedAt' | 'method'>[]>;
  get(elderId: string, visitId: string): Promise<VisitRecord | undefined>;
  /** Records a supervisor's verdict once; false if the visit already has one (or is unknown). */
  setReview(elderId: string, visitId: string, review: VisitReview): Promise<boolean>;
  /** Flagged visits nobody has reviewed yet, in a county (narrowed by a township or village prefix), a page at a time. */
  awaitingReview(county: string, prefix: string, limit: number, cursor?: string): Promise<{ items: FlaggedVisit[]; next?: string | undefined }>;
}

/** A flagged visit as the review list shows it (no findings, no personal data beyond the masked name). */
export type FlaggedVisit = Pick<VisitRecord, 'elderId' | 'visitId' | 'visitorId' | 'visitedAt' | 'method' | 'flags' | 'maskedName' | 'villageName' | 'villageCode'>;

/** 抽查: the month's draw per township and each result, with who and when. */
export interface SpotCheckStore {
  getDraw(township: string, month: string): Promise<{ draw: SpotCheckDraw; results: SpotCheckResult[] } | undefined>;
  /** Stores a draw unless one exists for the township and month: 'exists' then, and nothing changes. */
  createDraw(draw: SpotCheckDraw): Promise<CreateResult>;
  /** Writes a result unless a final one (confirmed, not visited) is stored; false then. */
  saveResult(result: SpotCheckResult): Promise<boolean>;
}

/** Counters of what an occasion caused, for its report. */
export interface OccasionStats {
  elders: number;
  tasksCreated: number;
  tasksMerged: number;
  tasksCancelled: number;
  noticesQueued: number;
  noticesSent: number;
  noticesFailed: number;
  noticesCancelled: number;
  noticesHeld: number;
  /** Receipts: notices the carrier delivered, and those it reported failed. */
  noticesDelivered: number;
  noticesUndelivered: number;
}

/** The apply-occasion counters of one application, added once when it completes. */
export type ApplyStats = Pick<OccasionStats, 'elders' | 'tasksCreated' | 'tasksMerged' | 'tasksCancelled' | 'noticesQueued'>;

/** Weather warnings and festivals, and the alert messages already handled. */
export interface OccasionStore {
  /** The occasion a handled message (sender + identifier + sent) belongs to; undefined if never handled. */
  messageOccasion(key: MessageKey): Promise<string | undefined>;
  /** Records a handled message, and its sender + identifier for later references; false if already recorded (a repeat). */
  recordMessage(key: MessageKey, occasionId: string, at: Instant): Promise<boolean>;
  /** The occasion an earlier message of this sender with this identifier belongs to (what a reference names). */
  referencedOccasion(sender: string, identifier: string): Promise<string | undefined>;
  /** The occasion as last written, with its revision. */
  get(occasionId: string): Promise<Occasion | undefined>;
  /**
   * Stores an alert occasion unless a message sent later already updated it or it was
   * cancelled ('stale'), or another sender's alert holds the id ('taken'); nothing changes then.
   */
  putAlert(occasion: AlertOccasion, at: Instant): Promise<'written' | 'stale' | 'taken'>;
  /** Marks an alert occasion cancelled (it stays, for history); false if unknown. */
  cancel(occasionId: string, at: Instant): Promise<boolean>;
  createFestival(occasion: FestivalOccasion, at: Instant): Promise<CreateResult>;
  /**
   * Stores a declared event, new or as updated (one more revision); 'cancelled' when it was
   * cancelled meanwhile (a cancelled event stays cancelled: declare a new one), nothing changes then.
   */
  putEvent(occasion: EventOccasion, at: Instant): Promise<'written' | 'cancelled'>;
  /** Declared events not cancelled (one key lookup for their ids, then each): generation marks new routine tasks they suspend. */
  activeEvents(): Promise<EventOccasion[]>;
  /**
   * Records that applying a revision finished, adding its counters in the same write: true
   * the first time, false when that revision (or a later one) was already recorded.
   */
  completeApply(occasionId: string, revision: number, stats: ApplyStats, at: Instant): Promise<boolean>;
  /** The last revision whose application finished (undefined: none yet). */
  appliedRevision(occasionId: string): Promise<number | undefined>;
  /** Writes the occasion item again unchanged, so its stream applies it again (a resumed application). */
  touch(occasionId: string, at: Instant): Promise<void>;
  addStats(occasionId: string, delta: Partial<OccasionStats>): Promise<void>;
  stats(occasionId: string): Promise<OccasionStats>;
  /** Whether an occasion was cancelled (send-sms asks before sending its notices). */
  isCancelled(occasionId: string): Promise<boolean>;
}

/** Which part of which revision's application: the key of its progress. */
export interface OccasionPartKey {
  occasionId: string;
  revision: number;
  part: number;
}

/** A revision's application as planned: when (its tasks' planning time) and over how many parts. */
export interface OccasionApplyPlan {
  startedAt: Instant;
  parts: number;
}

/**
 * The progress of an occasion applied in parts (single-item conditional writes, no transactions):
 * each part's cursor with its counters, and the revision's plan with the parts finished.
 */
export interface OccasionParts {
  /** Records the plan of a revision once; returns the plan stored (an earlier planner's, on a retry). */
  start(occasionId: string, revision: number, plan: OccasionApplyPlan): Promise<OccasionApplyPlan>;
  plan(occasionId: string, revision: number): Promise<OccasionApplyPlan | undefined>;
  /** Where a part stands: undefined before its first page is recorded. */
  progress(key: OccasionPartKey): Promise<{ after?: string | undefined; done: boolean } | undefined>;
  /**
   * Records one page: moves the part's cursor from `from` to `next` (undefined: the part is done)
   * and adds the page's counters in the same conditional write; false if that page was already
   * recorded (another invocation of the same part got there first).
   */
  advance(key: OccasionPartKey, from: string | undefined, next: string | undefined, counted: ApplyStats): Promise<boolean>;
  /** Adds a finished part's counters to its revision's once; returns how many parts finished so far and their counters summed. */
  finish(key: OccasionPartKey): Promise<{ finished: number; stats: ApplyStats }>;
}

/** Reads of elders' sensitive fields, for accountability (who, why, when). */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  forElder(elderId: string): Promise<AuditEntry[]>;
}

/** Encrypts single sensitive fields (ID numbers) before they are stored: KMS envelope in AWS, a local key locally. */
export interface FieldCipher {
  encrypt(plaintext: string): Promise<string>;
  decrypt(token: string): Promise<string>;
}

/** Where a ledger file is uploaded to and read back from: S3 (presigned PUT) in AWS, a folder locally. */
export interface LedgerStorage {
  /** A URL the browser PUTs the file to, with the headers it must send, valid until `expiresAt`. */
  uploadTarget(input: { key: string; contentType: string; size: number; expiresAt: Date }): Promise<{ url: string; headers: Record<string, string> }>;
  /** The stored object's size in bytes, or undefined when nothing was uploaded. */
  size(key: string): Promise<number | undefined>;
  /** The object's bytes; with `etag`, only if it is still that object (else LedgerFileReplacedError). */
  read(key: string, etag?: string): Promise<Buffer>;
}

export type UploadStatus = 'pending' | 'importing' | 'imported' | 'rejected';

/** One ledger file upload: who started it, what was declared, and its single import. */
export interface LedgerUpload {
  uploadId: string;
  ownerId: string;
  fileName: string;
  contentType: string;
  size: number;
  key: string;
  status: UploadStatus;
  createdAt: string;
  expiresAt: string;
  claimedAt?: string | undefined;
  /** The stored object's ETag the import claimed: a second event for the same object imports nothing. */
  etag?: string | undefined;
  finishedAt?: string | undefined;
  /** Why the file was refused (wrong size, not a sheet…). */
  reason?: string | undefined;
  /** The same, in Chinese, for the office (the field app and the CLI show it). */
  message?: string | undefined;
  /** The row report of the import (the first bad cells, and their total). */
  report?: Record<string, unknown> | undefined;
  /** While importing: good rows saved so far of the sheet's good rows (written after each chunk of 500). */
  progress?: { rowsDone: number; rowsTotal: number } | undefined;
}

export interface UploadRepository {
  /** Stores a new upload; false if the id is taken. */
  create(upload: LedgerUpload): Promise<boolean>;
  get(uploadId: string): Promise<LedgerUpload | undefined>;
  /** pending → importing (recording the object's ETag), or takes over an import claimed before `staleBefore` (killed half-way); false otherwise. */
  claim(uploadId: string, at: string, staleBefore: string, etag?: string): Promise<boolean>;
  /**
   * Records how far an import got, while the upload is still `importing` under the claim taken at
   * `claimedAt` (a taken-over import's old writer changes nothing); false otherwise.
   */
  progress(uploadId: string, claimedAt: string, progress: { rowsDone: number; rowsTotal: number }): Promise<boolean>;
  /** importing → imported or rejected, with the report or the reason. */
  finish(uploadId: string, change: Pick<LedgerUpload, 'status' | 'finishedAt' | 'report' | 'reason' | 'message'>): Promise<void>;
}

/** Needs found on visits and the measures answering them (闭环管理), per elder. */
export interface NeedRepository {
  /** Stores a need unless its key is taken (a resubmitted visit): 'exists' then, and nothing changes. */
  createIfAbsent(need: Need): Promise<CreateResult>;
  get(elderId: string, needKey: string): Promise<Need | undefined>;
  /** Replaces a need if its stored version is `need.version - 1`; false if it changed meanwhile. */
  update(need: Need): Promise<boolean>;
  forElder(elderId: string): Promise<Need[]>;
  /** Open needs of a county, township or village, a page at a time (a sparse index); `cursor` is the `next` of the page before. */
  openInArea(areaCode: string, limit: number, cursor?: string): Promise<{ items: Need[]; next?: string | undefined }>;
}

/** Smart devices (智能设备) per elder, their incidents and alarms, and the request signatures already spent. */
export interface DeviceStore {
  getDevice(deviceId: string): Promise<Device | undefined>;
  /** Writes a device: new when `expectedVersion` is undefined, else only over that stored version; false otherwise. */
  putDevice(device: Device, expectedVersion: number | undefined): Promise<boolean>;
  devicesOf(elderId: string): Promise<Device[]>;
  /** The incident a device and kind is on now, and the pointer's version. */
  pointer(deviceId: string, kind: AlarmKind): Promise<{ pointer: IncidentPointer; version: number } | undefined>;
  /** Moves the pointer if its version is still `expectedVersion` (undefined: none yet); false when another alarm moved it first. */
  movePointer(deviceId: string, kind: AlarmKind, pointer: IncidentPointer, expectedVersion: number | undefined): Promise<boolean>;
  getIncident(incidentId: string): Promise<Incident | undefined>;
  createIncident(incident: Incident): Promise<CreateResult>;
  /** Records that an incident's urgent path was raised, with its follow-up. */
  markRaised(incidentId: string, followUp: string): Promise<void>;
  /** Stores an alarm once per device, kind and time; 'exists' for a repeated delivery. */
  recordAlarm(alarm: StoredAlarm): Promise<CreateResult>;
  getAlarm(deviceId: string, kind: AlarmKind, at: Instant): Promise<StoredAlarm | undefined>;
  /** How many alarms an incident has (each stored once: the count is exact). */
  alarmCount(incidentId: string): Promise<number>;
  /** An elder's incidents, newest first. */
  incidentsOf(elderId: string, limit: number): Promise<Incident[]>;
  /** Whether a request signature was spent (the request was taken before: a replay). */
  signatureSpent(signatureHash: string): Promise<boolean>;
  /** Spends a request signature once (kept until `expiresAt`): false when it was spent before. */
  spendSignature(signatureHash: string, expiresAt: Instant): Promise<boolean>;
}

/** The runtime settings document (SSM Parameter Store in AWS, a file in the local data folder), as text: it is validated where it is used. */
export interface SettingsStore {
  /** The stored document; undefined when nothing was ever stored. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/** The jobs a deadline schedule wakes: escalation (a deadline passed) and the sender (SMS released). */
export const DEADLINE_JOBS = ['escalate-overdue', 'send-sms'] as const;
export type DeadlineJob = (typeof DEADLINE_JOBS)[number];

/**
 * One-time wake-ups at a deadline (EventBridge Scheduler in AWS, the local store on the manual
 * clock locally). Only a shortcut: every job still runs on its poll, so a schedule lost delays
 * a deadline's effect to the next poll and never loses it.
 */
export interface DeadlineScheduler {
  /** Invokes `target.job` with `target.input` at `instant`; idempotent on `name` (a repeat is not an error). */
  at(name: string, instant: Instant, target: { job: DeadlineJob; input: Record<string, string> }): Promise<void>;
  /** Deletes a schedule not yet run; one already gone is not an error. */
  cancel(name: string): Promise<void>;
}
