import { describe, expect, it } from 'vitest';
import { elderRegistrationSchema } from '../../../../shared/domain/elder/registration';
import { issueColumn, LEDGER_COLUMNS, registrationToRow, rowToInput } from '../../../../shared/domain/ledger/columns';
import type { LedgerRow } from '../../../../shared/domain/ledger/columns';
import { safeParseClean } from '../../../../shared/domain/validation';

const example: LedgerRow = Object.fromEntries(LEDGER_COLUMNS.map((c) => [c.key, c.example]));
const parsed = (row: LedgerRow) => {
  const { input, issues } = rowToInput(row, 'E000001', '2026-11-01');
  const r = safeParseClean(elderRegistrationSchema, input);
  return { issues, reg: r.success ? r.data : undefined, schema: r.success ? [] : r.issues.map((i) => ({ column: issueColumn(i.field), rule: i.rule, code: i.code, message: i.message })) };
};

describe('Ledger columns for consent to home visits and the circumstances that ask for one', () => {
  it('reads a refusal by a carer and the circumstances, and writes them back the same', () => {
    const row = { ...example, consentHomeVisits: '否', refusalBy: '赡养人/李明', refusalDate: '2026-09-01', refusalReason: '担心打扰老人休息', circumstances: '健康状况欠佳；家庭变故:2026-08-20' };
    const { issues, reg } = parsed(row);
    expect(issues).toEqual([]);
    expect(reg?.consent.homeVisitRefusal).toEqual({ by: 'carer', carerName: '李明', on: '2026-09-01', reason: '担心打扰老人休息' });
    expect(reg?.circumstances).toEqual([{ kind: 'poor_health' }, { kind: 'family_change', since: '2026-08-20' }]);
    const back = registrationToRow(reg!);
    for (const key of ['refusalBy', 'refusalDate', 'refusalReason', 'circumstances'] as const) expect(back[LEDGER_COLUMNS.findIndex((c) => c.key === key)]).toBe(row[key]);
  });

  it('reads a refusal by the elder (本人)', () => {
    expect(parsed({ ...example, consentHomeVisits: '否', refusalBy: '本人', refusalDate: '2026-09-01', refusalReason: '不愿外人进家' }).reg?.consent.homeVisitRefusal).toEqual({ by: 'elder', on: '2026-09-01', reason: '不愿外人进家' });
  });

  it('names the column when 是否同意入户 is 否 without who refused, or the words are not known', () => {
    expect(parsed({ ...example, consentHomeVisits: '否' }).schema).toEqual([
      { column: '不同意入户人', rule: 'record who refused home visits (本人 or 赡养人), when and why: 入户探访要征得老年人或其赡养人同意', code: 'refusal_required', message: expect.stringMatching(/^不同意入户时，须登记由谁拒绝/) },
    ]);
    expect(parsed({ ...example, consentHomeVisits: '否', refusalBy: '邻居', refusalDate: '2026-09-01', refusalReason: '不愿' }).issues).toEqual([
      { column: '不同意入户人', rule: '"邻居" must be 本人 or 赡养人/姓名', code: 'bad_refused_by', message: '“邻居”应填“本人”或“赡养人/姓名”' },
    ]);
    expect(parsed({ ...example, consentHomeVisits: '否', refusalBy: '本人', refusalReason: '不愿' }).schema).toEqual([
      { column: '不同意入户日期', rule: 'must be a calendar date YYYY-MM-DD', code: 'bad_date', message: '必须是有效日期，格式 YYYY-MM-DD' },
    ]);
    expect(parsed({ ...example, circumstances: '生病' }).issues[0]).toEqual({
      column: '入户探访情形',
      rule: '"生病" is not one of 健康状况欠佳/经济困难/家庭变故/遭遇灾害/公共卫生事件 (an event takes its date: 家庭变故:2026-09-01)',
      code: 'unknown_circumstance',
      message: '“生病”不是可填的情况：健康状况欠佳、经济困难、家庭变故、遭遇灾害、公共卫生事件（事件须带日期，如 家庭变故:2026-09-01）',
    });
    expect(parsed({ ...example, circumstances: '遭遇灾害' }).schema).toEqual([
      { column: '入户探访情形', rule: '遭遇灾害 needs the date it happened (YYYY-MM-DD)', code: 'circumstance_date_required', message: '遭遇灾害须填写发生日期（YYYY-MM-DD）' },
    ]);
  });
});
