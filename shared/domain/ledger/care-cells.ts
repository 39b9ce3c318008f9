import { CIRCUMSTANCE_KINDS, CIRCUMSTANCE_NAMES_ZH, circumstanceText } from '../elder/circumstances';
import type { CircumstanceKind } from '../elder/circumstances';
import type { ElderRegistration } from '../elder/registration';
import { splitList, splitParts } from './cell-formats';
import { headerOf } from './columns';
import type { CellIssue } from './columns';

const KIND_BY_NAME = new Map<string, CircumstanceKind>(CIRCUMSTANCE_KINDS.map((k) => [CIRCUMSTANCE_NAMES_ZH[k], k]));

/** `健康状况欠佳；家庭变故:2026-09-01`: the circumstances a Jining-style policy asks home visits for. */
export function circumstancesCell(cell: string | undefined, issues: CellIssue[]): { circumstances?: { kind: CircumstanceKind; since?: string }[] } {
  const entries = splitList(cell);
  if (entries.length === 0) return {};
  const circumstances = entries.flatMap((entry) => {
    const [name = '', since] = entry.split(/[:：]/).map((s) => s.trim());
    const kind = KIND_BY_NAME.get(name);
    if (!kind) {
      const known = [...KIND_BY_NAME.keys()];
      issues.push({
        column: headerOf('circumstances'),
        rule: `"${name}" is not one of ${known.join('/')} (an event takes its date: 家庭变故:2026-09-01)`,
        code: 'unknown_circumstance',
        message: `“${name}”不是可填的情况：${known.join('、')}（事件须带日期，如 家庭变故:2026-09-01）`,
      });
      return [];
    }
    return [{ kind, ...(since ? { since } : {}) }];
  });
  return { circumstances };
}

/** 不同意入户人 (本人, or 赡养人/姓名), its date and reason, as the form's refusal of home visits. */
export function refusalCells(by: string | undefined, on: string | undefined, reason: string | undefined, issues: CellIssue[]): { homeVisitRefusal?: Record<string, string> } {
  if (by === undefined && on === undefined && reason === undefined) return {};
  const [who = '', carerName] = splitParts(by ?? '');
  const code = who === '本人' || who === '老人' ? 'elder' : who === '赡养人' ? 'carer' : undefined;
  if (code === undefined) issues.push({ column: headerOf('refusalBy'), rule: `"${by ?? ''}" must be 本人 or 赡养人/姓名`, code: 'bad_refused_by', message: `“${by ?? ''}”应填“本人”或“赡养人/姓名”` });
  return { homeVisitRefusal: { by: code ?? '', ...(carerName ? { carerName } : {}), on: on ?? '', reason: reason ?? '' } };
}

/** The cells export writes for the same fields, so import reads them back exactly. */
export function careCellsOf(reg: ElderRegistration): { circumstances: string; refusalBy: string; refusalDate: string; refusalReason: string } {
  const r = reg.consent.homeVisitRefusal;
  return {
    circumstances: (reg.circumstances ?? []).map(circumstanceText).join('；'),
    refusalBy: r ? (r.by === 'carer' ? `赡养人/${r.carerName ?? ''}` : '本人') : '',
    refusalDate: r?.on ?? '',
    refusalReason: r?.reason ?? '',
  };
}
