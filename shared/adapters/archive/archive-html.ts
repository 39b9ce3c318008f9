import type { ArchiveTask, ElderArchive } from '../../app/archive';
import { MEASURE_STATE_NAMES_ZH } from '../../domain/care/measure';
import type { MeasureState } from '../../domain/care/measure';
import { ABILITY_NAMES_ZH, CATEGORY_NAMES_ZH } from '../../domain/elder/categories';
import type { ElderCategory } from '../../domain/elder/categories';
import { box, esc, options, PRINT_CSS, yesNo } from './html-kit';
import { visitRecordHtml } from './visit-record-html';
import { careHtml } from './care-html';

const ECONOMIC = { extreme_poverty: '特困人员', subsistence: '低保', near_subsistence: '低保边缘', none: '一般' } as const;
const STATUS = { active: '在册', moved: '迁出', hospitalised: '住院', deceased: '死亡', consent_withdrawn: '撤回同意' } as const;
const TASK_STATE = { open: '待分配', assigned: '待探访', completed: '已完成', cancelled: '已取消', missed: '已逾期' } as const;
const OUTCOME = { visited: '按期探访', missed: '未探访', late: '逾期探访', fake: '虚假探访' } as const;
const HISTORY: Record<string, string> = {
  home_consent: '入户意愿',
  create: '生成',
  assign: '分配',
  reassign: '改派',
  complete: '完成',
  cancel: '办结/取消',
  miss: '逾期',
  escalate: '上报',
  acknowledge: '确认',
  occasion: '特殊时段',
  visit_not_counted: '探访未计入',
  reopen: '重新打开',
  visit_judged_fake: '认定虚假探访',
};
const zh = (d: string | undefined) => (d ? `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : '');

function registrationForm(a: ElderArchive): string {
  const r = a.registration;
  const categories = (Object.keys(CATEGORY_NAMES_ZH) as ElderCategory[]).map((c) => box(r.categories.includes(c), `${CATEGORY_NAMES_ZH[c]}老年人`)).join(' ');
  const members = r.householdMembers.map(
    (m, i) =>
      `<tr><td>${i + 1}</td><td>${esc(m.name)}</td><td>${m.sex === 'male' ? '男' : '女'}</td><td>${esc(m.residentId ?? '')}</td><td>${esc(m.relation)}</td><td>${esc(m.health ?? '')}</td><td>${m.visitsOften === undefined ? '' : m.visitsOften ? '是' : '否'}</td></tr>`,
  );
  const relation = (r: string) => ({ child: '子女', township_designated: '乡镇指定' })[r] ?? r;
  const contacts = (list: readonly { name: string; relation: string; phone: string }[]) => list.map((c) => `${esc(c.name)}（${esc(relation(c.relation))}）${esc(c.phone)}`).join('；');
  const e = r.economic;
  return `<section class="form registration">
<h1>特殊困难老年人信息登记表</h1>
<div class="meta"><span>建档日期：${esc(zh(a.ledger.registeredOn ?? r.consent.recordedOn))}</span><span>档案编号 ${esc(r.id)}　版本 ${a.ledger.version}（${esc(zh(a.ledger.updatedAt))}更新）</span></div>
<table>
<tr><td colspan="6" class="section">一、探访对象基本情况</td></tr>
<tr><th>姓名</th><td>${esc(r.name)}</td><th>性别</th><td>${r.sex === 'male' ? '男' : '女'}</td><th>公民身份号码</th><td>${esc(r.residentId)}</td></tr>
<tr><th>联系电话</th><td>${esc(r.phones.join('、'))}</td><th>紧急联系人</th><td colspan="3">${contacts(r.emergencyContacts)}</td></tr>
<tr><th>户籍地址</th><td colspan="3">${esc(r.household.address)}（${esc(r.household.areaCode)}）</td><th>是否居住在户籍所在地</th><td>${yesNo(r.livesAtRegisteredAddress)}</td></tr>
<tr><th>居住地址</th><td colspan="5">${esc(r.residence.areaName)} ${esc(r.residence.address)}（${esc(r.residence.areaCode)}）</td></tr>
<tr><th>对象类型</th><td colspan="3">${categories}${r.disability ? `（残疾证号：${esc(r.disability.certificateNumber)}，${r.disability.grade}级）` : ''}</td><td colspan="2">${box(a.ledger.tier === 'key', '重点对象')} ${box(a.ledger.tier !== undefined && a.ledger.tier !== 'key', '一般对象')}${a.ledger.tierName ? `<br>${esc(a.ledger.tierName)}` : ''}</td></tr>
<tr><th>能力程度</th><td colspan="3">${options(r.abilityLevel, ABILITY_NAMES_ZH)}${r.abilityLevel ? '' : '（未评估）'}</td><th>曾患病史</th><td>${esc(r.diseaseHistory ?? '')}</td></tr>
<tr><th>经济情况</th><td>${options(e.status, ECONOMIC)}</td><th>经济来源</th><td>${esc((e.incomeSources ?? []).join('、'))}</td><th>月可支配收入</th><td>${e.monthlyIncomeYuan ?? ''} 元</td></tr>
<tr><td colspan="6" class="section">二、家庭基本情况</td></tr>
<tr><th>序号</th><th>姓名</th><th>性别</th><th>公民身份号码</th><th>与户主关系</th><th>健康状况 / 是否经常探访</th></tr>
${members.length ? members.join('') : '<tr><td colspan="6">无登记家庭成员</td></tr>'}
<tr><td colspan="6" class="section">三、家庭生活条件</td></tr>
<tr><th>饮水是否安全</th><td>${yesNo(r.livingConditions.safeDrinkingWater)}</td><th>生活用电是否安全</th><td>${yesNo(r.livingConditions.electricity)}</td><th>住房是否安全</th><td>${yesNo(r.livingConditions.safeHousing)}</td></tr>
<tr><th>养老保险、社会救助和福利补贴</th><td colspan="5">${e.pensionMonthlyYuan !== undefined ? `${box(true, `有领取养老保险，每月 ${e.pensionMonthlyYuan} 元`)}` : box(true, '无养老保险')}　${esc((e.subsidies ?? []).map((s) => `${s.name} 每月 ${s.monthlyYuan} 元`).join('；'))}</td></tr>
<tr><td colspan="6" class="section">四、已享受帮扶情况</td></tr>
<tr><th>帮扶单位（组织）</th><td>${esc(r.existingSupport?.organisationType ?? '')}</td><th>帮扶责任人</th><td>${esc(r.existingSupport?.responsiblePerson ?? '')}</td><th>帮扶措施</th><td>${esc(r.existingSupport?.measures ?? '')}</td></tr>
<tr><td colspan="6" class="section">五、探访联系与意愿</td></tr>
<tr><th>第一探访联系人</th><td colspan="3">${contacts(r.firstVisitContacts)}</td><th>探访人员</th><td>${esc(a.ledger.visitorId ?? '未分配')}</td></tr>
<tr><th>同意接受探访</th><td>${yesNo(r.consent.visits)}</td><th>同意入户探访</th><td>${yesNo(r.consent.homeVisits)}</td><th>登记日期</th><td>${esc(zh(r.consent.recordedOn))}</td></tr>
</table>
${careHtml(a.care)}
<h2>在册状态变更</h2>
<table><tr><th>状态</th><th>起始日期</th><th>说明</th></tr>${a.statuses.map((s) => `<tr><td>${STATUS[s.state]}</td><td>${s.since === '1900-01-01' ? '建档起' : esc(zh(s.since))}</td><td>${esc(s.note ?? '')}</td></tr>`).join('')}</table>
</section>`;
}

function taskRows(tasks: readonly ArchiveTask[], empty: string): string {
  if (tasks.length === 0) return `<p>${empty}</p>`;
  return `<table><tr><th>任务</th><th>期限</th><th>状态</th><th>经过</th></tr>${tasks
    .map(
      (t) =>
        `<tr><td>${esc(t.taskId)}${t.occasions?.length ? `<br>${esc(t.occasions.join('、'))}` : ''}</td><td>${esc(zh(t.start))}至${esc(zh(t.end))}</td><td>${TASK_STATE[t.state]}${t.outcome ? `（${OUTCOME[t.outcome.result]}）` : ''}${t.closedReason ? `<br>${esc(t.closedReason)}` : ''}</td><td>${t.history.map((h) => `${esc(h.at.slice(0, 16).replace('T', ' '))} ${esc(HISTORY[h.event] ?? h.event)}${h.detail ? `：${esc(h.detail)}` : ''}`).join('<br>')}</td></tr>`,
    )
    .join('')}</table>`;
}

/** Each measure of a need with where it stands (计划 进行中 已完成 已转介 已回访) and its last step; a need without one is 未落实. */
function measureCell(n: ElderArchive['needs'][number]): string {
  if (n.measures?.length) return n.measures.map((m) => `${esc(m.description)}（${MEASURE_STATE_NAMES_ZH[m.state]}，${esc(m.steps.at(-1)!.by)} ${esc(m.steps.at(-1)!.at.slice(0, 10))}）`).join('<br>');
  return n.measure ? `${esc(n.measure.description)}（${esc(MEASURE_STATE_NAMES_ZH[n.measure.status as MeasureState] ?? n.measure.status)}）` : '<strong>未落实</strong>';
}

/** The archive as one printable A4 document: the registration form, the file's sections, then every visit record. */
export function archiveHtml(a: ElderArchive): string {
  const routine = a.routine;
  const needs = a.needs.map((n) => `<tr><td>${esc(n.visitedAt.slice(0, 10))}</td><td>${esc(n.description)}</td><td>${measureCell(n)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>一人一档 ${esc(a.registration.name)} ${esc(a.elderId)}</title>
<style>${PRINT_CSS}</style></head>
<body>
${registrationForm(a)}
<section class="form file">
<h1>探访关爱服务档案（一人一档）</h1>
<div class="meta"><span>${esc(a.registration.name)}　${esc(a.elderId)}</span><span>生成：${esc(a.generatedAt.slice(0, 16).replace('T', ' '))}　${esc(a.generatedBy)}　用途：${esc(a.purpose)}</span></div>
<h2>常规探访情况</h2>
<table><tr><th>探访周期</th><th>按期探访</th><th>未探访</th><th>逾期探访</th><th>虚假探访</th><th>进行中</th><th>已取消</th></tr>
<tr><td>${routine.total}</td><td>${routine.visited}</td><td>${routine.missed}</td><td>${routine.late}</td><td>${routine.fake}</td><td>${routine.open}</td><td>${routine.cancelled}</td></tr></table>
<h2>服务需求与帮扶措施（闭环管理）</h2>
${needs ? `<table><tr><th>发现日期</th><th>服务需求</th><th>帮扶措施</th></tr>${needs}</table>` : '<p>无</p>'}
<h2>跟踪回访与应急处置</h2>
${taskRows(a.followUps, '无')}
<h2>逾期上报</h2>
${taskRows(a.escalations, '无')}
<h2>特殊时间节点探访</h2>
${taskRows(a.specialPeriods, '无')}
</section>
${a.visits.map(visitRecordHtml).join('\n')}
</body></html>`;
}
