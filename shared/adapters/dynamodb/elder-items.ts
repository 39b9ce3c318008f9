import type { ElderRecord } from '../../domain/ledger/elder-record';
import { recordFromRegistration } from '../../domain/ledger/elder-record';
import type { ElderRegistration } from '../../domain/elder/registration';
import { localDateOf } from '../../domain/time/instant';
import type { LocalDate } from '../../domain/time/local-date';
import type { FieldCipher } from '../../ports';
import { withoutAttributes } from './items';
import { shardOf } from './shard';
import { reviewKeys } from './review-keys';

/** The projection's fields that come from the registration (everything but the cursor). */
export const PROJECTED = [
  'profile',
  'maskedName',
  'villageCode',
  'villageName',
  'townshipCode',
  'countyCode',
  'visitorId',
  'status',
  'statusHistory',
  'consent',
  'familyPhones',
  'version',
  'updatedAt',
  'registeredOn',
  'lastReview',
] as const;

/** Index attributes, never part of the domain record. */
const INDEX_ATTRIBUTES = ['genShard', 'genOn', 'areaSort', 'cursorThrough', 'settledVersion', 'reviewCounty', 'reviewSort'];

export const stripProjection = <T>(item: Record<string, unknown>): T => withoutAttributes<T>(item, INDEX_ATTRIBUTES);

/** In the generation index while the elder consents and is active (or leaves only later). */
export function inGenerationIndex(record: ElderRecord): boolean {
  return record.consent.visits && (record.status.state === 'active' || record.status.since > localDateOf(record.updatedAt));
}

/** The generation index's sort key: the date, made unique by the elder id. */
export const genOn = (date: LocalDate, elderId: string) => `${date}#${elderId}`;

/** The whole projection item of an elder not yet stored (a bulk load: nothing left to settle). */
export function newProjectionItem(record: ElderRecord): Record<string, unknown> {
  const projection: Record<string, unknown> = { elderId: record.elderId, settledVersion: record.version };
  for (const field of PROJECTED) if (record[field] !== undefined) projection[field] = record[field];
  return {
    ...projection,
    areaSort: `${record.villageCode}#${record.elderId}`,
    ...reviewKeys(record),
    ...(inGenerationIndex(record) ? { genShard: shardOf('g', record.elderId), genOn: genOn(localDateOf(record.updatedAt), record.elderId) } : {}),
  };
}

/**
 * The form as stored: the ID number, the disability certificate number (which begins with it)
 * and household members' ID numbers are encrypted field by field (KMS envelope in AWS).
 */
export async function sealed(reg: ElderRegistration, cipher: FieldCipher): Promise<ElderRegistration> {
  return {
    ...reg,
    residentId: await cipher.encrypt(reg.residentId),
    ...(reg.disability ? { disability: { ...reg.disability, certificateNumber: await cipher.encrypt(reg.disability.certificateNumber) } } : {}),
    householdMembers: await Promise.all(reg.householdMembers.map(async (m) => (m.residentId ? { ...m, residentId: await cipher.encrypt(m.residentId) } : m))),
  };
}

export async function opened(reg: ElderRegistration, cipher: FieldCipher): Promise<ElderRegistration> {
  return {
    ...reg,
    residentId: await cipher.decrypt(reg.residentId),
    ...(reg.disability ? { disability: { ...reg.disability, certificateNumber: await cipher.decrypt(reg.disability.certificateNumber) } } : {}),
    householdMembers: await Promise.all((reg.householdMembers ?? []).map(async (m) => (m.residentId ? { ...m, residentId: await cipher.decrypt(m.residentId) } : m))),
  };
}

/**
 * The registration item: the truth. It carries everything the projection is derived from (the
 * status history and an unfinished visitor change included), so a lost or stale projection can
 * always be rebuilt from it alone, and the residence county for `registrations.byCounty`.
 */
export async function registrationItem(record: ElderRecord, hash: string, cipher: FieldCipher): Promise<Record<string, unknown>> {
  return {
    elderId: record.elderId,
    version: record.version,
    updatedAt: record.updatedAt,
    residentIdHash: hash,
    countyCode: record.countyCode,
    statusHistory: record.statusHistory,
    ...(record.registeredOn ? { registeredOn: record.registeredOn } : {}),
    ...(record.visitorChange ? { visitorChange: record.visitorChange } : {}),
    ...careItemFields(record),
    ...(record.areaChange ? { areaChange: record.areaChange } : {}),
    ...(record.returned ? { returned: record.returned } : {}),
    registration: await sealed(record.registration, cipher),
  };
}

/** The record as the form says, with what the projection holds (cursor, versions) beside it. */
export async function recordFromItems(form: Record<string, unknown>, projection: Record<string, unknown> | undefined, cipher: FieldCipher): Promise<ElderRecord> {
  const registration = await opened(form.registration as ElderRegistration, cipher);
  const base = recordFromRegistration(registration, String(form.updatedAt));
  const projected = projection ? stripProjection<Partial<ElderRecord>>(projection) : undefined;
  const projectedVersion = typeof projection?.version === 'number' ? projection.version : undefined;
  return {
    ...base,
    version: Number(form.version),
    // Forms written before the history moved onto them keep it on the projection only.
    statusHistory: (form.statusHistory as ElderRecord['statusHistory'] | undefined) ?? projected?.statusHistory ?? [],
    // The day the elder entered the ledger survives every rebuild (forms older than the field keep the projection's).
    registeredOn: (form.registeredOn as ElderRecord['registeredOn']) ?? projected?.registeredOn ?? base.registeredOn,
    cursor: projected?.cursor,
    visitorChange: form.visitorChange as ElderRecord['visitorChange'],
    ...careRecordFields(form, projected),
    areaChange: form.areaChange as ElderRecord['areaChange'],
    returned: form.returned as ElderRecord['returned'],
    projectedVersion,
    // Projections written before settling was recorded were settled when written.
    settledVersion: typeof projection?.settledVersion === 'number' ? projection.settledVersion : projectedVersion,
  };
}

/** What the registration item keeps of reviews and home consent, so a rebuilt record has them. */
function careItemFields(record: ElderRecord): Record<string, unknown> {
  return {
    ...(record.lastReview ? { lastReview: record.lastReview } : {}),
    ...(record.homeConsentChange ? { homeConsentChange: record.homeConsentChange } : {}),
    ...(record.homeRefusalHistory ? { homeRefusalHistory: record.homeRefusalHistory } : {}),
  };
}

function careRecordFields(form: Record<string, unknown>, projected: Partial<ElderRecord> | undefined): Pick<ElderRecord, 'lastReview' | 'homeConsentChange' | 'homeRefusalHistory'> {
  return {
    lastReview: (form.lastReview as ElderRecord['lastReview']) ?? projected?.lastReview,
    homeConsentChange: form.homeConsentChange as ElderRecord['homeConsentChange'],
    homeRefusalHistory: form.homeRefusalHistory as ElderRecord['homeRefusalHistory'],
  };
}
