import { ABILITY_LEVELS, ABILITY_NAMES_ZH, CATEGORY_NAMES_ZH, ELDER_CATEGORIES } from '../elder/categories';
import type { AbilityLevel, ElderCategory, EconomicStatus } from '../elder/categories';
import type { ElderRegistration, ElderRegistrationInput } from '../elder/registration';
import { NO, parseLocation, splitEntries, splitList, splitParts, YES } from './cell-formats';
import { headerOf } from './columns';
import { circumstancesCell, refusalCells } from './care-cells';
import type { CellIssue, LedgerColumnKey, LedgerRow } from './columns';

export const SEX: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female' };
const CATEGORY_BY_NAME = new Map<string, ElderCategory>(ELDER_CATEGORIES.map((c) => [CATEGORY_NAMES_ZH[c], c]));
const ABILITY_BY_NAME = new Map<string, AbilityLevel>(ABILITY_LEVELS.flatMap((a) => [[ABILITY_NAMES_ZH[a], a] as const, [ABILITY_NAMES_ZH[a].replace('失能', ''), a] as const, [ABILITY_NAMES_ZH[a].replace('能力', ''), a] as const]));
const ECONOMIC: Record<string, EconomicStatus> = { 特困: 'extreme_poverty', 特困人员: 'extreme_poverty', 低保: 'subsistence', 低保边缘: 'near_subsistence', 一般: 'none', 无: 'none' };
const GRADE: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const STATUS: Record<string, ElderRegistration['status']['state']> = { 在册: 'active', 正常: 'active', 迁出: 'moved', 住院: 'hospitalised', 死亡: 'deceased', 去世: 'deceased', 撤回同意: 'consent_withdrawn' };
const CHILD_RELATIONS = ['儿子', '女儿', '子女', '长子', '次子', '长女', '次女', '儿', '女', '养子', '养女', '继子', '继女'];

/**
 * One ledger row as a registration form input (not yet validated: the form's schema does that
 * and its errors are mapped back to headers by `issueColumn`). Cell-level problems the schema
 * cannot see (an unknown category word, 是/否 spelled otherwise) are returned as issues.
 */
export function rowToInput(row: LedgerRow, elderId: string, today: string): { input: ElderRegistrationInput; issues: CellIssue[] } {
  const issues: CellIssue[] = [];
  const cell = (k: LedgerColumnKey) => row[k]?.trim() || undefined;
  const word = (k: LedgerColumnKey, v: string): boolean | undefined => {
    if (YES.includes(v)) return true;
    if (NO.includes(v)) return false;
    issues.push({ column: headerOf(k), rule: `"${v}" is not 是 or 否` });
    return undefined;
  };
  const bool = (k: LedgerColumnKey, fallback?: boolean): boolean | undefined => {
    const v = cell(k);
    return v === undefined ? fallback : (word(k, v) ?? fallback);
  };
  const pick = <T>(k: LedgerColumnKey, table: ReadonlyMap<string, T> | Record<string, T>, known: string, v = cell(k)): T | undefined => {
    if (v === undefined) return undefined;
    const found = table instanceof Map ? table.get(v) : (table as Record<string, T>)[v];
    if (found === undefined) issues.push({ column: headerOf(k), rule: `"${v}" is not one of ${known}` });
    return found;
  };
  const number = (k: LedgerColumnKey, v = cell(k)): number | undefined => {
    if (v === undefined) return undefined;
    if (Number.isNaN(Number(v))) issues.push({ column: headerOf(k), rule: `"${v}" is not a number` });
    return Number(v);
  };
  const contacts = (k: LedgerColumnKey, childList: boolean | undefined) =>
    splitList(cell(k)).map((entry) => {
      const [name = '', relation = '', phone = '', sameTownship = ''] = splitParts(entry);
      if (!name || !relation || !phone) issues.push({ column: headerOf(k), rule: `"${entry}" must be 姓名/关系/电话` });
      const isChild = CHILD_RELATIONS.includes(relation) || relation === 'child';
      const code = childList === undefined ? relation : isChild ? 'child' : childList ? relation : 'township_designated';
      return { name, relation: code, phone, ...(childList !== undefined && sameTownship ? { livesInSameTownship: word(k, sameTownship) } : {}) };
    });

  const categories = splitList(cell('categories')).map((w) => {
    const c = CATEGORY_BY_NAME.get(w);
    if (!c) issues.push({ column: headerOf('categories'), rule: `"${w}" is not one of ${[...CATEGORY_BY_NAME.keys()].join('/')}` });
    return c;
  });
  const grade = pick('disabilityGrade', GRADE, '一级/二级/三级/四级');
  const hasChildren = bool('hasChildren');
  const firstVisit = contacts('firstVisitContacts', hasChildren ?? true);
  const statusState = pick('status', STATUS, Object.keys(STATUS).join('/')) ?? 'active';
  const location = cell('location') ? parseLocation(cell('location')!) : undefined;
  if (typeof location === 'string') issues.push({ column: headerOf('location'), rule: location });
  const income = number('monthlyIncome');
  const pension = number('pension');
  const supportType = cell('supportType');
  if (!supportType && (cell('supportPerson') || cell('supportMeasures'))) issues.push({ column: headerOf('supportType'), rule: 'is required when 帮扶责任人 or 帮扶措施 is given' });
  const input = {
    id: elderId,
    name: cell('name') ?? '',
    sex: pick('sex', SEX, '男/女') ?? ('' as never),
    residentId: (cell('residentId') ?? '').toUpperCase(),
    ...(cell('birthDate') ? { birthDate: cell('birthDate') } : {}),
    phones: splitList(cell('phones')),
    household: { areaCode: cell('householdArea') ?? cell('residenceArea') ?? '', address: cell('householdAddress') ?? cell('residenceAddress') ?? '' },
    residence: {
      areaCode: cell('residenceArea') ?? '',
      areaName: cell('residenceName') ?? '',
      address: cell('residenceAddress') ?? '',
      ...(location && typeof location !== 'string' ? { location } : {}),
    },
    livesAtRegisteredAddress: bool('livesAtRegisteredAddress', true)!,
    categories: categories.filter((c): c is ElderCategory => c !== undefined),
    ...(cell('abilityLevel') ? { abilityLevel: pick('abilityLevel', ABILITY_BY_NAME, ABILITY_LEVELS.map((a) => ABILITY_NAMES_ZH[a]).join('/')) } : {}),
    ...(cell('diseaseHistory') ? { diseaseHistory: cell('diseaseHistory') } : {}),
    ...(grade !== undefined || cell('disabilityCertificate') ? { disability: { grade: grade ?? 0, certificateNumber: (cell('disabilityCertificate') ?? '').toUpperCase() } } : {}),
    bedridden: bool('bedridden', false),
    dementia: bool('dementia', false),
    mobilityImpaired: bool('mobilityImpaired', false),
    ...circumstancesCell(cell('circumstances'), issues),
    economic: {
      status: pick('economicStatus', ECONOMIC, Object.keys(ECONOMIC).join('/')) ?? 'none',
      ...(income !== undefined ? { monthlyIncomeYuan: income } : {}),
      ...(cell('incomeSources') ? { incomeSources: splitList(cell('incomeSources')) } : {}),
      ...(pension !== undefined ? { pensionMonthlyYuan: pension } : {}),
      ...(cell('subsidies') ? { subsidies: subsidiesOf(cell('subsidies')!, issues) } : {}),
    },
    householdMembers: splitEntries(cell('householdMembers')).map((entry) => householdMember(entry, issues, word)),
    livingConditions: { safeDrinkingWater: bool('safeDrinkingWater', true)!, electricity: bool('electricity', true)!, safeHousing: bool('safeHousing', true)! },
    ...(supportType ? { existingSupport: { organisationType: supportType, ...(cell('supportPerson') ? { responsiblePerson: cell('supportPerson') } : {}), ...(cell('supportMeasures') ? { measures: cell('supportMeasures') } : {}) } } : {}),
    emergencyContacts: contacts('emergencyContacts', undefined),
    hasChildren: hasChildren ?? firstVisit.some((c) => c.relation === 'child'),
    firstVisitContacts: firstVisit,
    consent: { visits: bool('consentVisits', true)!, homeVisits: bool('consentHomeVisits', true)!, recordedOn: cell('consentDate') ?? today, ...refusalCells(cell('refusalBy'), cell('refusalDate'), cell('refusalReason'), issues) },
    ...(cell('visitorId') ? { visitorId: cell('visitorId') } : {}),
    status: { state: statusState, since: cell('statusDate') ?? (statusState === 'active' ? '1900-01-01' : today), ...(cell('statusNote') ? { note: cell('statusNote') } : {}) },
  } as ElderRegistrationInput;
  return { input, issues };
}

/** `高龄津贴:100；护理补贴:200` */
function subsidiesOf(cell: string, issues: CellIssue[]): { name: string; monthlyYuan: number }[] {
  return splitEntries(cell).map((entry) => {
    const [name = '', amount = ''] = entry.split(/[:：]/).map((s) => s.trim());
    if (!name || amount === '' || Number.isNaN(Number(amount))) issues.push({ column: headerOf('subsidies'), rule: `"${entry}" must be 名称:每月金额, e.g. 高龄津贴:100` });
    return { name, monthlyYuan: Number(amount) };
  });
}

/** `李四/男/配偶/<公民身份号码>/高血压/是`: name, sex and relation required; the rest may be left empty. */
function householdMember(entry: string, issues: CellIssue[], word: (k: LedgerColumnKey, v: string) => boolean | undefined) {
  const [name = '', sex = '', relation = '', residentId = '', health = '', visitsOften = ''] = splitParts(entry);
  if (!name || !sex || !relation) issues.push({ column: headerOf('householdMembers'), rule: `"${entry}" must be 姓名/性别/关系/公民身份号码/健康状况/是否常探望 (the last three may be empty)` });
  const often = visitsOften ? word('householdMembers', visitsOften) : undefined;
  return {
    name,
    sex: SEX[sex] ?? (sex as never),
    relation,
    ...(residentId ? { residentId: residentId.toUpperCase() } : {}),
    ...(health ? { health } : {}),
    ...(often !== undefined ? { visitsOften: often } : {}),
  };
}
