import { CIRCUMSTANCE_NAMES_ZH } from '../../domain/elder/circumstances';
import { refusalText } from '../../domain/elder/home-visit-consent';
import type { CareSummary } from '../../domain/ledger/care-summary';
import { REVIEW_KIND_ZH } from '../../domain/ledger/review';
import { VISIT_METHOD_NAMES_ZH } from '../../domain/policy/methods';
import type { VisitMethod } from '../../domain/policy/methods';
import { esc } from './html-kit';

const HOME = { consented: '同意入户探访', refused: '不同意入户探访', no_visits: '不同意接受探访' } as const;

/** The archive's rows on how the elder is served: 待评估, consent to home visits (and past refusals), what asks a home visit, the ledger review. */
export function careHtml(care: CareSummary): string {
  const methods = (care.methods ?? []).map((m) => VISIT_METHOD_NAMES_ZH[m as VisitMethod] ?? m).join('/');
  const circumstances = (care.circumstances ?? []).map((c) => `${CIRCUMSTANCE_NAMES_ZH[c.kind]}${c.since ? `（${c.since}）` : ''}`).join('、');
  const past = (care.homeRefusalHistory ?? []).map((r) => `${esc(refusalText(r))}，${esc(r.withdrawnOn)}撤回`).join('<br>');
  const last = care.review.last;
  return `<h2>探访方式、能力评估与台账核实</h2>
<table>
<tr><th>对象分级</th><td>${esc(care.tierName ?? '不在服务范围')}${care.needsAssessment ? '　<strong>待评估</strong>（勾选失能但未评估能力程度）' : ''}</td><th>探访方式</th><td>${esc(methods)}${care.homeRequired ? '（须入户）' : ''}</td></tr>
<tr><th>入户意愿</th><td colspan="3">${HOME[care.homeVisits]}${care.homeVisitRefusal ? `：${esc(refusalText(care.homeVisitRefusal))}，电话、视频或路遇等方式探访` : ''}${past ? `<br>曾不同意入户：${past}` : ''}</td></tr>
<tr><th>入户探访情形</th><td colspan="3">${esc(circumstances || '无')}</td></tr>
<tr><th>台账核实</th><td colspan="3">${last ? `${esc(last.on)} ${esc(last.by)} ${esc(REVIEW_KIND_ZH[last.kind])}${last.note ? `（${esc(last.note)}）` : ''}` : esc(care.review.reviewedOn ?? '')}　每${care.review.intervalMonths}个月核实一次${care.review.overdue ? `，<strong>已超期</strong>（自${esc(care.review.overdueFrom ?? '')}起）` : care.review.overdueFrom ? `，${esc(care.review.overdueFrom)}起超期` : ''}</td></tr>
<tr><th>分级依据</th><td colspan="3" class="note">${care.reasons.map(esc).join('<br>')}</td></tr>
</table>`;
}
