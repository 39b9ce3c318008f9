import { ABILITY_NAMES_ZH, CATEGORY_NAMES_ZH } from '../elder/categories';
import type { EconomicStatus } from '../elder/categories';
import type { ElderRegistration } from '../elder/registration';
import { joinParts, locationCell, yesNo } from './cell-formats';
import { LEDGER_COLUMNS } from './columns';
import { careCellsOf } from './care-cells';
import type { LedgerColumnKey } from './columns';

const phoneCell = (p: string) => p.replace(/^\+86/, '');
const contactCell = (cs: readonly { name: string; relation: string; phone: string; livesInSameTownship?: boolean | undefined }[]) =>
  cs.map((c) => joinParts([c.name, c.relation === 'child' ? '子女' : c.relation === 'township_designated' ? '乡镇指定' : c.relation, phoneCell(c.phone), c.livesInSameTownship === undefined ? '' : yesNo(c.livesInSameTownship)])).join('；');
const STATUS_NAMES: Record<ElderRegistration['status']['state'], string> = { active: '在册', moved: '迁出', hospitalised: '住院', deceased: '死亡', consent_withdrawn: '撤回同意' };
const ECONOMIC_NAMES: Record<EconomicStatus, string> = { extreme_poverty: '特困', subsistence: '低保', near_subsistence: '低保边缘', none: '一般' };
const SEX_NAMES = { male: '男', female: '女' } as const;
/** The status date every form gets when none was given (the elder has always been served). */
const ALWAYS = '1900-01-01';

/**
 * A registration as a ledger row, in LEDGER_COLUMNS order: what `ledger export` writes. Every
 * field of the form has a column, so importing the export gives back the same form.
 */
export function registrationToRow(reg: ElderRegistration): string[] {
  const values: Record<LedgerColumnKey, string> = {
    id: reg.id,
    name: reg.name,
    sex: SEX_NAMES[reg.sex],
    residentId: reg.residentId,
    phones: reg.phones.map(phoneCell).join('；'),
    householdArea: reg.household.areaCode,
    householdAddress: reg.household.address,
    residenceArea: reg.residence.areaCode,
    residenceName: reg.residence.areaName,
    residenceAddress: reg.residence.address,
    livesAtRegisteredAddress: yesNo(reg.livesAtRegisteredAddress),
    categories: reg.categories.map((c) => CATEGORY_NAMES_ZH[c]).join('、'),
    abilityLevel: reg.abilityLevel ? ABILITY_NAMES_ZH[reg.abilityLevel] : '',
    diseaseHistory: reg.diseaseHistory ?? '',
    disabilityGrade: reg.disability ? ['一级', '二级', '三级', '四级'][reg.disability.grade - 1]! : '',
    disabilityCertificate: reg.disability?.certificateNumber ?? '',
    bedridden: yesNo(reg.bedridden),
    dementia: yesNo(reg.dementia),
    mobilityImpaired: yesNo(reg.mobilityImpaired),
    economicStatus: ECONOMIC_NAMES[reg.economic.status],
    monthlyIncome: reg.economic.monthlyIncomeYuan === undefined ? '' : String(reg.economic.monthlyIncomeYuan),
    safeDrinkingWater: yesNo(reg.livingConditions.safeDrinkingWater),
    electricity: yesNo(reg.livingConditions.electricity),
    safeHousing: yesNo(reg.livingConditions.safeHousing),
    emergencyContacts: contactCell(reg.emergencyContacts),
    hasChildren: yesNo(reg.hasChildren),
    firstVisitContacts: contactCell(reg.firstVisitContacts),
    consentVisits: yesNo(reg.consent.visits),
    consentHomeVisits: yesNo(reg.consent.homeVisits),
    consentDate: reg.consent.recordedOn,
    visitorId: reg.visitorId ?? '',
    status: STATUS_NAMES[reg.status.state],
    statusDate: reg.status.state === 'active' && reg.status.since === ALWAYS ? '' : reg.status.since,
    statusNote: reg.status.note ?? '',
    birthDate: reg.birthDate ?? '',
    location: locationCell(reg.residence.location),
    incomeSources: (reg.economic.incomeSources ?? []).join('、'),
    pension: reg.economic.pensionMonthlyYuan === undefined ? '' : String(reg.economic.pensionMonthlyYuan),
    subsidies: (reg.economic.subsidies ?? []).map((s) => `${s.name}:${s.monthlyYuan}`).join('；'),
    householdMembers: reg.householdMembers.map((m) => joinParts([m.name, SEX_NAMES[m.sex], m.relation, m.residentId ?? '', m.health ?? '', m.visitsOften === undefined ? '' : yesNo(m.visitsOften)])).join('；'),
    supportType: reg.existingSupport?.organisationType ?? '',
    supportPerson: reg.existingSupport?.responsiblePerson ?? '',
    supportMeasures: reg.existingSupport?.measures ?? '',
    ...careCellsOf(reg),
  };
  return LEDGER_COLUMNS.map((c) => values[c.key]);
}
