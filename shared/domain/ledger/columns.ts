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
  { key: 'circumstances', header: '入户探访情形', aliases: ['特殊情形'], example: '', note: '健康状况欠佳/经济困难/家庭变故:日期/遭遇灾害:日期/公共卫生事件:日期，多项用；分隔（济宁：据此须入户探访）' },
  { key: 'economicStatus', header: '经济状况', aliases: [], example: '低保', note: '特困/低保/低保边缘/一般' },
  { key: 'monthlyIncome', header: '月收入(元)', aliases: ['月收入'], example: '1200' },
  { key: 'safeDrinkingWater', header: '饮水安全', aliases: [], example: '是' },
  { key: 'electricity', header: '用电安全', aliases: [], example: '是' },
  { key: 'safeHousing', header: '住房安全', aliases: [], example: '是' },
  { key: 'emergencyContacts', header: '紧急联系人', aliases: [], example: '李明/儿子/13900001111', note: '姓名/关系/电话，多人用；分隔' },
  { key: 'hasChildren', header: '是否有子女', aliases: [], example: '是' },
  { key: 'firstVisitContacts', header: '第一探访联系人', aliases: ['探访联系人'], example: '李明/儿子/13900001111/否', note: '姓名/关系/电话/是否住在本乡镇(可空)；有子女时填全部子女；无子女时填乡镇指定的一人' },
  { key: 'consentVisits', header: '是否同意探访', aliases: ['同意探访'], example: '是' },
  { key: 'consentHomeVisits', header: '是否同意入户', aliases: ['同意入户探访'], example: '是' },
  { key: 'consentDate', header: '登记日期', aliases: ['同意日期'], example: '2026-03-01' },
  { key: 'refusalBy', header: '不同意入户人', aliases: ['拒绝入户人'], example: '', note: '是否同意入户为否时必填：本人，或 赡养人/姓名' },
  { key: 'refusalDate', header: '不同意入户日期', aliases: ['拒绝入户日期'], example: '', note: 'YYYY-MM-DD' },
  { key: 'refusalReason', header: '不同意入户原因', aliases: ['拒绝入户原因'], example: '' },
  { key: 'visitorId', header: '探访人员编号', aliases: ['探访人员'], example: 'vis-510108001001-1' },
  { key: 'status', header: '状态', aliases: ['在册状态'], example: '在册', note: '在册/迁出/住院/死亡/撤回同意' },
  { key: 'statusDate', header: '状态日期', aliases: [], example: '', note: '状态生效的日期 YYYY-MM-DD；在册时可空' },
  { key: 'statusNote', header: '状态说明', aliases: [], example: '' },
  { key: 'birthDate', header: '出生日期', aliases: ['出生年月'], example: '1946-11-23', note: '可空：以公民身份号码为准，填写时须一致' },
  { key: 'location', header: '居住地经纬度', aliases: ['经纬度'], example: '30.6598,104.0633', note: '纬度,经度；入户探访签到时据此核对距离' },
  { key: 'incomeSources', header: '收入来源', aliases: [], example: '养老金、子女赡养' },
  { key: 'pension', header: '养老金(元/月)', aliases: ['养老金'], example: '' },
  { key: 'subsidies', header: '补贴', aliases: ['享受补贴'], example: '高龄津贴:100', note: '名称:每月金额，多项用；分隔' },
  { key: 'householdMembers', header: '家庭成员', aliases: ['共同生活家庭成员'], example: '', note: '姓名/性别/关系/公民身份号码/健康状况/是否常探望，多人用；分隔，空项留空' },
  { key: 'supportType', header: '帮扶单位类型', aliases: ['帮扶主体'], example: '' },
  { key: 'supportPerson', header: '帮扶责任人', aliases: [], example: '' },
  { key: 'supportMeasures', header: '帮扶措施', aliases: [], example: '' },
] as const;

export type LedgerColumnKey = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Partial<Record<LedgerColumnKey, string>>;

const REQUIRED: LedgerColumnKey[] = ['name', 'sex', 'residentId', 'residenceArea', 'residenceName', 'residenceAddress', 'categories', 'emergencyContacts', 'firstVisitContacts'];

/** Headers compared without spaces, full-width brackets or a trailing ＊ (required mark). */
const normal = (h: string) =>
  h
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[*＊]$/, '');

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
  /** The rule's code and Chinese text, when the rule was made with them (else the import report adds them). */
  code?: string | undefined;
  message?: string | undefined;
}

export { rowToInput } from './row-to-input';
export { registrationToRow } from './registration-to-row';

/** The header of the column a schema issue path came from (`residence.areaCode` → 居住地村(社区)代码). */
export function issueColumn(path: string): string {
  const head = path.split('.')[0] ?? '';
  const exact: Record<string, LedgerColumnKey> = {
    id: 'id',
    name: 'name',
    sex: 'sex',
    residentId: 'residentId',
    phones: 'phones',
    livesAtRegisteredAddress: 'livesAtRegisteredAddress',
    categories: 'categories',
    abilityLevel: 'abilityLevel',
    diseaseHistory: 'diseaseHistory',
    bedridden: 'bedridden',
    dementia: 'dementia',
    mobilityImpaired: 'mobilityImpaired',
    emergencyContacts: 'emergencyContacts',
    hasChildren: 'hasChildren',
    firstVisitContacts: 'firstVisitContacts',
    visitorId: 'visitorId',
    householdMembers: 'householdMembers',
  };
  if (head === 'birthDate') return headerOf('birthDate');
  if (exact[head]) return headerOf(exact[head]);
  if (path.startsWith('residence.location')) return headerOf('location');
  if (path.startsWith('economic.incomeSources')) return headerOf('incomeSources');
  if (path.startsWith('economic.pension')) return headerOf('pension');
  if (path.startsWith('economic.subsidies')) return headerOf('subsidies');
  if (path.startsWith('existingSupport.responsiblePerson')) return headerOf('supportPerson');
  if (path.startsWith('existingSupport.measures')) return headerOf('supportMeasures');
  if (path.startsWith('existingSupport')) return headerOf('supportType');
  if (path.startsWith('status.note')) return headerOf('statusNote');
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
  if (path.startsWith('consent.homeVisitRefusal.on')) return headerOf('refusalDate');
  if (path.startsWith('consent.homeVisitRefusal.reason')) return headerOf('refusalReason');
  if (path.startsWith('consent.homeVisitRefusal')) return headerOf('refusalBy');
  if (path.startsWith('circumstances')) return headerOf('circumstances');
  if (path.startsWith('consent.homeVisits')) return headerOf('consentHomeVisits');
  if (path.startsWith('consent.recordedOn')) return headerOf('consentDate');
  if (path.startsWith('consent')) return headerOf('consentVisits');
  if (path.startsWith('status.since')) return headerOf('statusDate');
  if (path.startsWith('status')) return headerOf('status');
  return path;
}
