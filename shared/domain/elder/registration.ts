import { z } from 'zod';
import { isoDateSchema } from './age';
import { areaCodeSchema } from './area-code';
import { ABILITY_LEVELS, ECONOMIC_STATUSES } from './categories';
import { parseResidentId, residentIdSchema } from './id-number';
import { phoneSchema } from './phone';
import { categoriesSchema, elderIdSchema } from './profile';
import { circumstancesSchema } from './circumstances';
import { homeConsentIssues, homeVisitRefusalSchema } from './home-visit-consent';
import type { ElderProfile } from './profile';

/**
 * The characters that separate values inside one ledger cell: a value holding one could not be
 * read back from its own export. List cells (phones, income sources, contacts) split on 、，；
 * and line breaks, entries with parts (contacts, household members) on /; household members
 * and subsidies are entries split on ； and line breaks only, so their texts may hold 、 and ，.
 */
const LIST_SEPARATORS = /[、，,；;/／|｜\n]/;
const ENTRY_SEPARATORS = /[；;/／|｜\n]/;
const without = <T extends z.ZodString>(schema: T, separators: RegExp, which: string) => schema.refine((v) => !separators.test(v), `must not contain ${which} or a line break: they separate values in the ledger`);

const name = without(z.string().trim().min(1, 'must not be empty').max(30, 'at most 30 characters'), LIST_SEPARATORS, '、，；/');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
/** A value listed inside a ledger cell with others (split on 、，；/). */
const item = (max: number) => without(text(max), LIST_SEPARATORS, '、，；/');
/** A part of an entry in a cell of entries (split on ； and /). */
const part = (max: number) => without(text(max), ENTRY_SEPARATORS, '；/');
const sex = z.enum(['male', 'female']);
/** A monthly amount: no elder's pension or income reaches a million yuan a month. */
const yuan = z.number().min(0, 'must not be negative').max(1_000_000, 'at most 1,000,000 yuan a month');

/** An empty list of optional details is no details: stored (and exported) one way only. */
const noneIfEmpty = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

/** Free-text relations are stored in words; the codes of first visit contacts are read as their words. */
const RELATION_WORDS: Record<string, string> = { child: '子女', township_designated: '乡镇指定' };
const contact = z.object({ name, relation: item(20).transform((r) => RELATION_WORDS[r] ?? r), phone: phoneSchema }).strict();
const firstVisitContact = z.object({ name, relation: item(20), phone: phoneSchema, livesInSameTownship: z.boolean().optional() }).strict();

/** Mainland China and its islands, roughly: a geocode outside it is a typing error (or lat and lng swapped). */
const location = z
  .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
  .strict()
  .refine((p) => p.lat >= 3 && p.lat <= 54 && p.lng >= 73 && p.lng <= 136, 'must lie in China (latitude 3–54, longitude 73–136): are lat and lng swapped?');

export const ELDER_STATES = ['active', 'moved', 'hospitalised', 'deceased', 'consent_withdrawn'] as const;

/**
 * The registration form (特殊困难老年人信息登记表) of the Sichuan and Fujian plans. Age and tier are
 * not fields: they are computed on the day they apply.
 *
 * First visit contacts (第一探访联系人): every child when the elder has children
 * (`hasChildren: true`, all listed with relation `child`); otherwise exactly one person named
 * by the township (`township_designated`).
 */
export const elderRegistrationSchema = z
  .object({
    id: elderIdSchema,
    name,
    sex,
    residentId: residentIdSchema,
    /** Optional: taken from the ID number; when given it must agree with it. */
    birthDate: isoDateSchema.optional(),
    phones: z.array(phoneSchema).max(3, 'at most 3 phone numbers').default([]),
    household: z.object({ areaCode: areaCodeSchema, address: text(200) }).strict(),
    residence: z
      .object({
        areaCode: areaCodeSchema.refine((c) => c.length === 12, { message: 'the residence must be a 12-digit village/community code' }),
        /** 村/社区 name, e.g. 天鹅村 */
        areaName: text(40),
        address: text(200),
        /** The address geocoded, when known: visit verification compares check-in locations with it. */
        location: location.optional(),
      })
      .strict(),
    livesAtRegisteredAddress: z.boolean(),
    categories: categoriesSchema,
    abilityLevel: z.enum(ABILITY_LEVELS).optional(),
    diseaseHistory: text(500).optional(),
    disability: z
      .object({
        grade: z.number().int().min(1).max(4),
        /** 第二代残疾人证号: the 18-character ID, then the type (1–7) and grade (1–4) digits. */
        certificateNumber: z.string().regex(/^\d{17}[\dX][1-7][1-4]$/, 'must be the 18-character ID number followed by the type (1–7) and grade (1–4) digits'),
      })
      .strict()
      .optional(),
    bedridden: z.boolean().default(false),
    dementia: z.boolean().default(false),
    mobilityImpaired: z.boolean().default(false),
    /** 健康状况欠佳, 经济困难, 家庭变故, 遭遇灾害, 公共卫生事件: what the policy may ask home visits for. */
    circumstances: circumstancesSchema.optional().transform(noneIfEmpty),
    economic: z
      .object({
        status: z.enum(ECONOMIC_STATUSES),
        monthlyIncomeYuan: yuan.optional(),
        incomeSources: z.array(item(50)).max(10).optional().transform(noneIfEmpty),
        pensionMonthlyYuan: yuan.optional(),
        subsidies: z
          .array(z.object({ name: part(50).refine((v) => !/[:：]/.test(v), 'must not contain a colon: it separates the name from the amount'), monthlyYuan: yuan }).strict())
          .max(10)
          .optional()
          .transform(noneIfEmpty),
      })
      .strict(),
    householdMembers: z
      .array(z.object({ name, sex, residentId: residentIdSchema.optional(), relation: part(20), health: part(100).optional(), visitsOften: z.boolean().optional() }).strict())
      .max(20)
      .default([]),
    livingConditions: z.object({ safeDrinkingWater: z.boolean(), electricity: z.boolean(), safeHousing: z.boolean() }).strict(),
    existingSupport: z
      .object({ organisationType: text(50), responsiblePerson: name.optional(), measures: text(500).optional() })
      .strict()
      .optional(),
    emergencyContacts: z.array(contact).min(1, 'at least one emergency contact (紧急联系人)').max(5),
    hasChildren: z.boolean(),
    firstVisitContacts: z.array(firstVisitContact).min(1, 'at least one first visit contact (第一探访联系人)').max(10),
    /** 尊重意愿; 入户探访要征得同意: a refusal of home visits says who refused, when and why. */
    consent: z.object({ visits: z.boolean(), homeVisits: z.boolean(), recordedOn: isoDateSchema, homeVisitRefusal: homeVisitRefusalSchema(name, part(100)).optional() }).strict(),
    visitorId: elderIdSchema.optional(),
    status: z
      .object({ state: z.enum(ELDER_STATES), since: isoDateSchema, note: text(200).optional() })
      .strict()
      .default({ state: 'active', since: '1900-01-01' }),
  })
  .strict()
  .superRefine((reg, ctx) => {
    const id = parseResidentId(reg.residentId);
    if (id.ok) {
      if (reg.birthDate !== undefined && reg.birthDate !== id.value.birthDate) {
        ctx.addIssue({ code: 'custom', path: ['birthDate'], message: `must match the birth date in the ID number (${id.value.birthDate})` });
      }
      if (reg.sex !== id.value.sex) {
        ctx.addIssue({ code: 'custom', path: ['sex'], message: `must match the ID number, whose 17th digit says ${id.value.sex}` });
      }
      if (reg.disability && reg.disability.certificateNumber.slice(0, 18) !== reg.residentId) {
        ctx.addIssue({ code: 'custom', path: ['disability', 'certificateNumber'], message: 'must begin with the elder’s ID number' });
      }
    }
    if (reg.disability && Number(reg.disability.certificateNumber.slice(19)) !== reg.disability.grade) {
      ctx.addIssue({ code: 'custom', path: ['disability', 'certificateNumber'], message: `its last digit is the grade and must be ${reg.disability.grade}` });
    }
    if (reg.categories.includes('severe_disability') && (!reg.disability || reg.disability.grade > 2)) {
      ctx.addIssue({ code: 'custom', path: ['disability', 'grade'], message: 'severe disability (重残) needs a certificate of grade 1 or 2' });
    }
    if (reg.consent.homeVisits && !reg.consent.visits) {
      ctx.addIssue({ code: 'custom', path: ['consent', 'homeVisits'], message: 'home visits need consent to visits' });
    }
    for (const issue of homeConsentIssues(reg.consent)) ctx.addIssue({ code: 'custom', ...issue });
    if (reg.hasChildren && reg.categories.includes('solitary_childless')) {
      ctx.addIssue({ code: 'custom', path: ['hasChildren'], message: 'a solitary childless elder (孤寡) has no children' });
    }
    reg.firstVisitContacts.forEach((c, i) => {
      if (reg.hasChildren && c.relation !== 'child') {
        ctx.addIssue({ code: 'custom', path: ['firstVisitContacts', i, 'relation'], message: 'must be "child": every child is a first visit contact, and only children' });
      }
      if (!reg.hasChildren && c.relation !== 'township_designated') {
        ctx.addIssue({ code: 'custom', path: ['firstVisitContacts', i, 'relation'], message: 'must be "township_designated": with no children, the township names one contact' });
      }
    });
    if (!reg.hasChildren && reg.firstVisitContacts.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['firstVisitContacts'], message: 'with no children, exactly one contact named by the township' });
    }
  });

export type ElderRegistration = z.infer<typeof elderRegistrationSchema>;
export type ElderRegistrationInput = z.input<typeof elderRegistrationSchema>;

/** The classification profile of a registration: birth date from the ID, grade from the certificate. */
export function profileOf(reg: ElderRegistration): ElderProfile {
  const id = parseResidentId(reg.residentId);
  if (!id.ok) throw new Error('a parsed registration always has a valid ID number');
  return {
    id: reg.id,
    birthDate: id.value.birthDate,
    categories: reg.categories,
    ...(reg.abilityLevel ? { abilityLevel: reg.abilityLevel } : {}),
    ...(reg.disability ? { disabilityGrade: reg.disability.grade } : {}),
    bedridden: reg.bedridden,
    dementia: reg.dementia,
    mobilityImpaired: reg.mobilityImpaired,
    ...careFactsOf(reg),
  };
}

/** What classification reads beyond the tier rules: the facts that switch a home visit on, and a refusal of it. */
function careFactsOf(reg: ElderRegistration): Pick<ElderProfile, 'economicStatus' | 'circumstances' | 'homeVisitRefusal'> {
  const refusal = reg.consent.homeVisits ? undefined : reg.consent.homeVisitRefusal;
  return { economicStatus: reg.economic.status, ...(reg.circumstances ? { circumstances: reg.circumstances } : {}), ...(refusal ? { homeVisitRefusal: refusal } : {}) };
}
