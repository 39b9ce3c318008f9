import { VISIT_METHOD_NAMES_ZH } from '../../domain/policy/methods';
import type { VisitRecord } from '../../domain/visit/visit-form';
import { box, esc, options } from './html-kit';

const CHANGE = { no_change: '无变化', better: '较好', worse: '较差' } as const;
const SAFETY = { safe: '安全', fairly_safe: '较安全', unsafe: '不安全' } as const;
const SATISFACTION = { very_satisfied: '非常满意', satisfied: '满意', neutral: '一般', dissatisfied: '不满意', not_given: '未评价' } as const;
const MEASURE = { planned: '计划', done: '已落实', in_progress: '落实中', referred: '已转介' } as const;
const FLAG_NAMES: Record<string, string> = { far_from_home: '签到位置离家过远', too_short: '入户时间过短', outside_window: '不在探访周期内', bulk_entry: '集中补录', copied_record: '记录与上次雷同' };
const VERDICT = { genuine: '确认属实', fake: '认定虚假' } as const;

const dateZh = (iso: string) => `${iso.slice(0, 4)} 年 ${Number(iso.slice(5, 7))} 月 ${Number(iso.slice(8, 10))} 日 ${iso.slice(11, 16)}`;

/** One 探访关爱服务记录表 (川民发〔2023〕116号 附件3; 福建 附件4), filled in from a stored visit. */
export function visitRecordHtml(v: VisitRecord): string {
  const household =
    v.household.change === 'none'
      ? box(true, '无变化')
      : `${box(false, '无变化')} ${box(v.household.change === 'increase', `增加 ${v.household.change === 'increase' ? v.household.count : ' '} 人`)} ${box(v.household.change === 'decrease', `减少 ${v.household.change === 'decrease' ? v.household.count : ' '} 人`)}`;
  const illness = `${box(v.health.illness.status === 'no_change', '无变化')} ${box(v.health.illness.status === 'serious', '严重')} 疾病名称：${esc(v.health.illness.disease ?? '')} ${box(v.health.illness.status === 'better', '转好')}`;
  const needs = v.needs.map((n) => {
    const m = v.measures.find((x) => x.needId === n.needId);
    return `<li>${esc(n.description)}${m ? `：${esc(m.description)}（${MEASURE[m.status]}）` : '：<strong>未落实帮扶措施</strong>'}</li>`;
  });
  const flags = (v.flags ?? []).map((f) => `<li>${esc(FLAG_NAMES[f.kind] ?? f.kind)}：${esc(f.detail)}</li>`).join('');
  const review = v.review ? `${VERDICT[v.review.verdict]}（${v.review.source === 'spot_check' ? '抽查' : '督导复核'}，${esc(v.review.by)}，${esc(dateZh(v.review.at))}${v.review.note ? `，${esc(v.review.note)}` : ''}）` : '未复核';
  return `<section class="form visit">
<h1>特殊困难老年人探访关爱服务记录表</h1>
<div class="meta"><span>第 ${v.sequence} 次开展探访关爱　${esc(dateZh(v.visitedAt))}</span><span>记录编号 ${esc(v.visitId)}</span></div>
<table>
<tr><th>探访方式</th><td colspan="2">${options(v.method, VISIT_METHOD_NAMES_ZH)}</td></tr>
<tr><th>家庭状况</th><th>家庭人口</th><td>${household}</td></tr>
<tr><th rowspan="3">健康状况</th><th>表达能力</th><td>${options(v.health.expression, CHANGE)}</td></tr>
<tr><th>行动能力</th><td>${options(v.health.mobility, CHANGE)}</td></tr>
<tr><th>疾病状况</th><td>${illness}</td></tr>
<tr><th>精神状态</th><th>情绪状态</th><td>${options(v.mood, CHANGE)}</td></tr>
<tr><th rowspan="3">安全情况</th><th>燃气安全</th><td>${options(v.safety.gas, SAFETY)}</td></tr>
<tr><th>水暖安全</th><td>${options(v.safety.waterHeating, SAFETY)}</td></tr>
<tr><th>用电安全</th><td>${options(v.safety.electricity, SAFETY)}</td></tr>
<tr><th rowspan="2">卫生状况</th><th>个人卫生</th><td>${options(v.hygiene.personal, CHANGE)}</td></tr>
<tr><th>家庭卫生</th><td>${options(v.hygiene.home, CHANGE)}</td></tr>
<tr><th>居住环境</th><th>室内环境</th><td>${options(v.indoorEnvironment, CHANGE)}</td></tr>
<tr><th colspan="2">关爱服务情况</th><td>${esc(v.servicesGiven.join('；'))}</td></tr>
<tr><th colspan="2">老年人服务需求及落实情况</th><td>${needs.length ? `<ul>${needs.join('')}</ul>` : '无'}</td></tr>
<tr><th colspan="2">实施关爱服务建议</th><td>${esc(v.suggestions ?? '')}</td></tr>
${v.emergency ? `<tr><th colspan="2">应急处置</th><td>${esc(v.emergency.description)}：${esc(v.emergency.actions.join('；'))}</td></tr>` : ''}
<tr><th colspan="2">探访人员（签字）</th><td>${esc(v.visitorId)} ${box(v.signatures.visitor, '已签字')}　被探访人（签字） ${box(v.signatures.elder, '已签字')}</td></tr>
<tr><th colspan="2">老年人服务满意度评价</th><td>${options(v.satisfaction, SATISFACTION)}</td></tr>
<tr><th colspan="2">系统核验</th><td>${v.counted ? (v.late ? '完成任务（超期）' : '完成任务') : `未计入：${esc(v.notCountedReason ?? '')}`}${v.checkIn ? `；签到 ${esc(v.checkIn.slice(11, 16))}` : ''}${v.checkOut ? ` 签退 ${esc(v.checkOut.slice(11, 16))}` : ''}${flags ? `<ul>${flags}</ul>` : '；无异常标记'}<br>复核：${review}</td></tr>
</table>
<p class="note">备注：此表一式三份，县级民政部门、乡镇（街道）、帮扶单位（组织）各存档一份。</p>
</section>`;
}
