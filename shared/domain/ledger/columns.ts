import { ABILITY_LEVELS, ABILITY_NAMES_ZH, CATEGORY_NAMES_ZH, ELDER_CATEGORIES } from '../elder/categories';
import type { AbilityLevel, ElderCategory, EconomicStatus } from '../elder/categories';
import type { ElderRegistration, ElderRegistrationInput } from '../elder/registration';

/**
 * The ledger (台账) as local offices keep it: one row per elder, Chinese headers, several values
 * in one cell separated by 、 ， ； or newlines, contacts as 姓名/关系/电话. Each column names the
 * form field it fills; `aliases` are the other headers offices use for it.
 */
export const LEDGER_COLUMNS = [
  { key: 'id', header: '档案编号', aliases: ['编号', '对象编号'], example: 'E000001', note: '可空：空时由公民身份号码生成' },
  { key: 'name', header: '姓名', aliases: ['老人姓名'], example: '张桂华' },
  { key: 'sex', header: '性别', aliases: [], example: '女', note: '男/女' },
  { key: 'residentId', header: '公民身份号码', aliases: ['身份证号码', '身份证号'], example: '51010819461123002X' },
  { key: 'phones', header: '联系电话', aliases: ['电话', '手机号码', '本人电话'], example: '13812345678' },
  { key: 'householdArea', header: '户籍地区划代码', aliases: ['户籍地代码'], example: '510108001' },
  { key: 'householdAddress', header: '户籍地址', aliases: ['户籍地'], example: '成华区府青路街道二段8号' },
  { key: 'residenceArea', header: '居住地村(社区)代码', aliases: ['村(社区)代码', '居住地区划代码'], example: '510108001001' },
  { key: 'residenceName', header: '村(社区)', aliases: ['居住村(社区)', '所在村(社区)'], example: '天鹅社区' },
  { key: 'residenceAddress', header: '家庭住址', aliases: ['居住地址', '现住址'], example: '府青路二段8号3单元2楼' },
  { key: 'livesAtRegisteredAddress', header: '是否居住在户籍地', aliases: ['人户是否一致'], example: '是' },
  { key: 'categories', header: '对象类型', aliases: ['对象类别', '类别'], example: '独居、失能', note: '孤寡/独居/空巢/留守/失能/重残/计生特殊家庭/纯老家庭/失智/阶段性临时困难' },
  { key: 'abilityLevel', header: '能力程度', aliases: ['能力等级', '失能等级'], example: '中度失能', note: '能力完好/轻度失能/中度失能/重度失能/完全失能；空：未评估' },
  { key: 'diseaseHistory', header: '疾病史', aliases: ['既往病史'], example: '高血压' },
  { key: 'disabilityGrade', header: '残疾等级', aliases: [], example: '', note: '一级/二级/三级/四级 或 1–4' },
  { key: 'disabilityCertificate', header: '残疾证号', aliases: ['残疾人证号'], example: '' },
  { key: 'bedridden', header: '是否长期卧床', aliases: ['卧床'], example: '否' },
  { key: 'dementia', header: '是否失智', aliases: [], example: '否' },
  { key: 'mobilityImpaired', header: '是否行动不便', aliases: [], example: '否' },
  { key: 'economicStatus', header: '经济状况', aliases: [], example: '低保', note: '特困/低保/低保边缘/一般' },
  { key: 'monthlyIncome', header: '月收入(元)', aliases: ['月收入'], example: '1200' },
  { key: 'safeDrinkingWater', header: '饮水安全', aliases: [], example: '是' },
  { key: 'electricity', header: '用电安全', aliases: [], example: '是' },
  { key: 'safeHousing', header: '住房安全', aliases: [], example: '是' },
  { key: 'emergencyContacts', header: '紧急联系人', aliases: [], example: '李明/儿子/13900001111', note: '姓名/关系/电话，多人用；分隔' },
  { key: 'hasChildren', header: '是否有子女', aliases: [], example: '是' },
  { key: 'firstVisitContacts', header: '第一探访联系人', aliases: ['探访联系人'], example: '李明/儿子/13900001111', note: '有子女时填全部子女；无子女时填乡镇指定的一人' },
  { key: 'consentVisits', header: '是否同意探访', aliases: ['同意探访'], example: '是' },
  { key: 'consentHomeVisits', header: '是否同意入户', aliases: ['同意入户探访'], example: '是' },
  { key: 'consentDate', header: '登记日期', aliases: ['同意日期'], example: '2026-03-01' },
  { key: 'visitorId', header: '探访人员编号', aliases: ['探访人员'], example: 'vis-510108001001-1' },
  { key: 'status', header: '状态', aliases: ['在册状态'], example: '在册', note: '在册/迁出/住院/死亡/撤回同意' },
  { key: 'statusDate', header: '状态日期', aliases: [], example: '' },
] as const;

export type LedgerColumnKey = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Partial<Record<LedgerColumnKey, string>>;

const REQUIRED: LedgerColumnKey[] = ['name', 'sex', 'residentId', 'residenceArea', 'residenceName', 'residenceAddress', 'categories', 'emergencyContacts', 'firstVisitContacts'];

/** Headers compared without spaces, full-width brackets or a trailing ＊ (required mark). */
const normal = (h: string) => h.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/[*＊]$/, '');

export interface HeaderMatch {
  /** Column index in the sheet → the field it fills. */
  columns: Map<number, LedgerColumnKey>;
  /** Headers we do not know: reported, their cells ignored. */
  unknown: string[];
  /** Required columns the sheet lacks: the import cannot start. */
  missing: string[];
}

export function matchHeaders(headers: readonly string[]): HeaderMatch {
  const byName = new Map<string, LedgerColumnKey>();
  for (const c of LEDGER_COLUMNS) for (const h of [c.header, ...c.aliases]) byName.set(normal(h), c.key);
  const columns = new Map<number, LedgerColumnKey>();
  const unknown: string[] = [];
  headers.forEach((h, i) => {
    const key = byName.get(normal(h));
    if (key && ![...columns.values()].includes(key)) columns.set(i, key);
    else if (h.trim() !== '' && normal(h) !== '序号') unknown.push(h);
  });
  const present = new Set(columns.values());
  const missing = REQUIRED.filter((k) => !present.has(k)).map(headerOf);
  return { columns, unknown, missing };
}

export function headerOf(key: LedgerColumnKey): string {
  return LEDGER_COLUMNS.find((c) => c.key === key)!.header;
}

/** A problem in one cell, by its header, as an office worker reads it. */
export interface CellIssue {
  column: string;
  rule: string;
}

const split = (cell: string | undefined) => (cell ?? '').split(/[、，,；;\n]/).map((s) => s.trim()).filter(Boolean);

const YES = ['是', '有', 'Y', 'y', 'yes', '1', '√', '同意'];
const NO = ['否', '无', 'N', 'n', 'no', '0', '×', '不同意'];

const SEX: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female' };
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
  const bool = (k: LedgerColumnKey, fallback?: boolean): boolean | undefined => {
    const v = cell(k);
    if (v === undefined) return fallback;
    if (YES.includes(v)) return true;
    if (NO.includes(v)) return false;
    issues.push({ column: headerOf(k), rule: `"${v}" is not 是 or 否` });
    return fallback;
  };
  const pick = <T>(k: LedgerColumnKey, table: ReadonlyMap<string, T> | Record<string, T>, known: string): T | undefined => {
    const v = cell(k);
    if (v === undefined) return undefined;
    const found = table instanceof Map ? table.get(v) : (table as Record<string, T>)[v];
    if (found === undefined) issues.push({ column: headerOf(k), rule: `"${v}" is not one of ${known}` });
    return found;
  };
  const contacts = (k: LedgerColumnKey, childList: boolean | undefined) =>
    split(cell(k)).map((entry) => {
      const [name = '', relation = '', phone = ''] = entry.split(/[/／|]/).map((s) => s.trim());
      if (!name || !relation || !phone) issues.push({ column: headerOf(k), rule: `"${entry}" must be 姓名/关系/电话` });
      const isChild = CHILD_RELATIONS.includes(relation);
      return { name, relation: childList === undefined ? relation : isChild ? 'child' : childList ? relation : 'township_designated', phone };
    });

  const categories = split(cell('categories')).map((word) => {
    const c = CATEGORY_BY_NAME.get(word);
    if (!c) issues.push({ column: headerOf('categories'), rule: `"${word}" is not one of ${[...CATEGORY_BY_NAME.keys()].join('/')}` });
    return c;
  });
  const grade = pick('disabilityGrade', GRADE, '一级/二级/三级/四级');
  const hasChildren = bool('hasChildren');
  const firstVisit = contacts('firstVisitContacts', hasChildren ?? true);
  const statusState = pick('status', STATUS, Object.keys(STATUS).join('/')) ?? 'active';
  const income = cell('monthlyIncome');
  const input = {
    id: elderId,
    name: cell('name') ?? '',
    sex: pick('sex', SEX, '男/女') ?? ('' as never),
    residentId: (cell('residentId') ?? '').toUpperCase(),
    phones: split(cell('phones')),
    household: { areaCode: cell('householdArea') ?? cell('residenceArea') ?? '', address: cell('householdAddress') ?? cell('residenceAddress') ?? '' },
    residence: { areaCode: cell('residenceArea') ?? '', areaName: cell('residenceName') ?? '', address: cell('residenceAddress') ?? '' },
    livesAtRegisteredAddress: bool('livesAtRegisteredAddress', true)!,
    categories: categories.filter((c): c is ElderCategory => c !== undefined),
    ...(cell('abilityLevel') ? { abilityLevel: pick('abilityLevel', ABILITY_BY_NAME, ABILITY_LEVELS.map((a) => ABILITY_NAMES_ZH[a]).join('/')) } : {}),
    ...(cell('diseaseHistory') ? { diseaseHistory: cell('diseaseHistory') } : {}),
    ...(grade !== undefined || cell('disabilityCertificate') ? { disability: { grade: grade ?? 0, certificateNumber: (cell('disabilityCertificate') ?? '').toUpperCase() } } : {}),
    bedridden: bool('bedridden', false),
    dementia: bool('dementia', false),
    mobilityImpaired: bool('mobilityImpaired', false),
    economic: {
      status: pick('economicStatus', ECONOMIC, Object.keys(ECONOMIC).join('/')) ?? 'none',
      ...(income !== undefined ? { monthlyIncomeYuan: Number(income) } : {}),
    },
    livingConditions: { safeDrinkingWater: bool('safeDrinkingWater', true)!, electricity: bool('electricity', true)!, safeHousing: bool('safeHousing', true)! },
    emergencyContacts: contacts('emergencyContacts', undefined),
    hasChildren: hasChildren ?? firstVisit.some((c) => c.relation === 'child'),
    firstVisitContacts: firstVisit,
    consent: { visits: bool('consentVisits', true)!, homeVisits: bool('consentHomeVisits', true)!, recordedOn: cell('consentDate') ?? today },
    ...(cell('visitorId') ? { visitorId: cell('visitorId') } : {}),
    status: { state: statusState, since: cell('statusDate') ?? (statusState === 'active' ? '1900-01-01' : today) },
  } as ElderRegistrationInput;
  if (income !== undefined && Number.isNaN(Number(income))) issues.push({ column: headerOf('monthlyIncome'), rule: `"${income}" is not a number` });
  return { input, issues };
}

/** The header of the column a schema issue path came from (`residence.areaCode` → 居住地村(社区)代码). */
export function issueColumn(path: string): string {
  const head = path.split('.')[0] ?? '';
  const exact: Record<string, LedgerColumnKey> = {
    id: 'id', name: 'name', sex: 'sex', residentId: 'residentId', birthDate: 'residentId', phones: 'phones',
    livesAtRegisteredAddress: 'livesAtRegisteredAddress', categories: 'categories', abilityLevel: 'abilityLevel',
    diseaseHistory: 'diseaseHistory', bedridden: 'bedridden', dementia: 'dementia', mobilityImpaired: 'mobilityImpaired',
    emergencyContacts: 'emergencyContacts', hasChildren: 'hasChildren', firstVisitContacts: 'firstVisitContacts', visitorId: 'visitorId',
  };
  if (exact[head]) return headerOf(exact[head]);
  if (path.startsWith('household.areaCode')) return headerOf('householdArea');
  if (path.startsWith('household')) return headerOf('householdAddress');
  if (path.startsWith('residence.areaCode')) return headerOf('residenceArea');
  if (path.startsWith('residence.areaName')) return headerOf('residenceName');
  if (path.startsWith('residence')) return headerOf('residenceAddress');
  if (path.startsWith('disability.grade')) return headerOf('disabilityGrade');
  if (path.startsWith('disability')) return headerOf('disabilityCertificate');
  if (path.startsWith('economic.monthly')) return headerOf('monthlyIncome');
  if (path.startsWith('economic')) return headerOf('economicStatus');
  if (path.startsWith('livingConditions.safeDrinkingWater')) return headerOf('safeDrinkingWater');
  if (path.startsWith('livingConditions.electricity')) return headerOf('electricity');
  if (path.startsWith('livingConditions')) return headerOf('safeHousing');
  if (path.startsWith('consent.homeVisits')) return headerOf('consentHomeVisits');
  if (path.startsWith('consent.recordedOn')) return headerOf('consentDate');
  if (path.startsWith('consent')) return headerOf('consentVisits');
  if (path.startsWith('status.since')) return headerOf('statusDate');
  if (path.startsWith('status')) return headerOf('status');
  return path;
}

const yesNo = (b: boolean) => (b ? '是' : '否');
const contactCell = (cs: readonly { name: string; relation: string; phone: string }[]) =>
  cs.map((c) => `${c.name}/${c.relation === 'child' ? '子女' : c.relation === 'township_designated' ? '乡镇指定' : c.relation}/${c.phone.replace(/^\+86/, '')}`).join('；');
const STATUS_NAMES: Record<ElderRegistration['status']['state'], string> = { active: '在册', moved: '迁出', hospitalised: '住院', deceased: '死亡', consent_withdrawn: '撤回同意' };
const ECONOMIC_NAMES: Record<EconomicStatus, string> = { extreme_poverty: '特困', subsistence: '低保', near_subsistence: '低保边缘', none: '一般' };

/** A registration as a ledger row, in LEDGER_COLUMNS order: what `ledger export` writes. */
export function registrationToRow(reg: ElderRegistration): string[] {
  const values: Record<LedgerColumnKey, string> = {
    id: reg.id,
    name: reg.name,
    sex: reg.sex === 'male' ? '男' : '女',
    residentId: reg.residentId,
    phones: reg.phones.map((p) => p.replace(/^\+86/, '')).join('；'),
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
    statusDate: reg.status.state === 'active' ? '' : reg.status.since,
  };
  return LEDGER_COLUMNS.map((c) => values[c.key]);
}
