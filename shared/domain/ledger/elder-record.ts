import type { GenerationCursor } from '../cadence/plan';
import { profileOf } from '../elder/registration';
import type { ElderRegistration } from '../elder/registration';
import type { ElderProfile } from '../elder/profile';
import { maskName } from '../sms/mask';
import type { Instant } from '../time/instant';
import type { LocalDate } from '../time/local-date';
import type { TaskSubject } from '../task/task';
import { homeConsentOf } from './home-consent-change';
import type { WithdrawnRefusal } from './home-consent-change';
import type { LedgerReview } from './review';
import { lifeChangesOf } from './elder-move';
import type { LifeChanges } from './elder-move';

export type ElderStatus = ElderRegistration['status'];

/**
 * An elder as the ledger (台账) holds them: the registration form as entered, plus values
 * projected from it on every write (profile, masked name, area codes) so that task generation
 * reads one small item. Age and tier are never stored: they are computed on the day they apply.
 */
export interface ElderRecord extends TaskSubject, LifeChanges {
  registration: ElderRegistration;
  profile: ElderProfile;
  status: ElderStatus;
  /** Earlier statuses, oldest first: kept for history (e.g. hospitalised, then back home). */
  statusHistory: ElderStatus[];
  consent: { visits: boolean; homeVisits: boolean };
  /** Phones of the first visit contacts (the children), for weather and festival reminders. */
  familyPhones: string[];
  cursor?: GenerationCursor | undefined;
  version: number;
  updatedAt: Instant;
  /** The day the elder entered the ledger (kept on every later save): "new this period" in ledger statistics. */
  registeredOn?: LocalDate | undefined;
  /**
   * Set when this version gave the elder another visitor: the former visitors whose open tasks
   * move to the new one (tasks with no visitor move too). Kept with the form so an
   * interrupted save can finish, and carried over while an earlier change is unsettled.
   */
  visitorChange?: { from: string[] } | undefined;
  /** When the entry was last reviewed (每半年动态更新一次) and by whom: set by the use cases that save it. */
  lastReview?: LedgerReview | undefined;
  /** This version started (`refused`) or withdrew (`restored`) a refusal of home visits: open tasks follow (kept until settled). */
  homeConsentChange?: 'refused' | 'restored' | undefined;
  /** Refusals of home visits later withdrawn, oldest first. */
  homeRefusalHistory?: WithdrawnRefusal[] | undefined;
  /** The version the projection (the `elders` item) holds; undefined when it is missing. */
  projectedVersion?: number | undefined;
  /** The last version whose follow-up steps (cancelling or moving open tasks) finished. */
  settledVersion?: number | undefined;
}

/** What special periods need of an elder (the projection of the byCounty index). */
export type ElderForSpecial = Pick<ElderRecord, 'elderId' | 'profile' | 'maskedName' | 'villageCode' | 'villageName' | 'townshipCode' | 'countyCode' | 'visitorId' | 'status' | 'consent' | 'familyPhones'> &
  Partial<Pick<ElderRecord, 'registeredOn' | 'updatedAt' | 'lastReview'>>;

/** What task generation needs of an elder (the projection of the generation index). */
export type ElderForGeneration = Pick<ElderRecord, 'elderId' | 'profile' | 'maskedName' | 'villageCode' | 'villageName' | 'townshipCode' | 'countyCode' | 'visitorId' | 'status' | 'consent' | 'cursor' | 'version'>;

export function recordFromRegistration(reg: ElderRegistration, at: Instant, previous?: ElderRecord): ElderRecord {
  const village = reg.residence.areaCode;
  const statusChanged = previous !== undefined && JSON.stringify(previous.status) !== JSON.stringify(reg.status);
  return {
    elderId: reg.id,
    registration: reg,
    profile: profileOf(reg),
    maskedName: maskName(reg.name),
    villageCode: village,
    villageName: reg.residence.areaName,
    townshipCode: village.slice(0, 9),
    countyCode: village.slice(0, 6),
    visitorId: reg.visitorId,
    status: reg.status,
    statusHistory: previous ? (statusChanged ? [...previous.statusHistory, previous.status] : previous.statusHistory) : [],
    consent: { visits: reg.consent.visits, homeVisits: reg.consent.homeVisits },
    familyPhones: [...new Set(reg.firstVisitContacts.map((c) => c.phone))],
    cursor: previous?.cursor,
    version: (previous?.version ?? 0) + 1,
    updatedAt: at,
    registeredOn: previous ? previous.registeredOn : at.slice(0, 10),
    lastReview: previous?.lastReview,
    ...visitorChangeOf(reg, previous),
    ...homeConsentOf(reg, previous, at.slice(0, 10)),
    ...lifeChangesOf(reg, previous),
  };
}

function visitorChangeOf(reg: ElderRegistration, previous: ElderRecord | undefined): Pick<ElderRecord, 'visitorChange'> {
  if (!previous) return {};
  const unsettled = previous.settledVersion !== previous.version ? (previous.visitorChange?.from ?? []) : [];
  const changed = previous.visitorId !== reg.visitorId;
  if (!changed && unsettled.length === 0 && !(previous.visitorChange && previous.settledVersion !== previous.version)) return {};
  const from = [...new Set([...unsettled, ...(changed && previous.visitorId !== undefined ? [previous.visitorId] : [])])].filter((v) => v !== reg.visitorId);
  return { visitorChange: { from } };
}

/** Whether saving this version leaves work on the elder's open tasks (cancel them, move them). */
export function needsFollowUpSteps(record: ElderRecord): boolean {
  return record.visitorChange !== undefined || record.homeConsentChange !== undefined || record.areaChange !== undefined || record.returned !== undefined || !record.consent.visits || record.status.state !== 'active';
}

/** Whether the two tables and the follow-up steps agree with the form (nothing was interrupted). */
export function isInStep(record: ElderRecord): boolean {
  return record.projectedVersion === record.version && record.settledVersion === record.version;
}

/** 尊重意愿: an elder gets visit tasks only while active and consenting to visits. */
export function isServed(elder: Pick<ElderRecord, 'status' | 'consent'>, on: LocalDate): boolean {
  if (!elder.consent.visits) return false;
  return elder.status.state === 'active' || elder.status.since > on;
}
