import { describe, expect, it } from 'vitest';
import { elderRegistrationSchema } from '../../../../shared/domain/elder/registration';
import { issueColumn, LEDGER_COLUMNS, matchHeaders, registrationToRow, rowToInput } from '../../../../shared/domain/ledger/columns';
import type { LedgerRow } from '../../../../shared/domain/ledger/columns';

const example: LedgerRow = Object.fromEntries(LEDGER_COLUMNS.map((c) => [c.key, c.example]));

describe('ledger columns', () => {
  it('matches headers as offices write them: aliases, full-width brackets, spaces, a required mark, 序号', () => {
    const m = matchHeaders(['序号', '姓名＊', '性 别', '身份证号码', '村（社区）代码', '村(社区)', '现住址', '类别', '紧急联系人', '探访联系人', '备注']);
    expect([...m.columns.values()]).toEqual(['name', 'sex', 'residentId', 'residenceArea', 'residenceName', 'residenceAddress', 'categories', 'emergencyContacts', 'firstVisitContacts']);
    expect(m.unknown).toEqual(['备注']);
    expect(m.missing).toEqual([]);
    expect(matchHeaders(['姓名']).missing).toContain('公民身份号码');
  });

  it('turns the template example into a valid registration and back into the same row', () => {
    const { input, issues } = rowToInput(example, 'E000001', '2026-11-01');
    expect(issues).toEqual([]);
    const reg = elderRegistrationSchema.parse(input);
    expect(reg).toMatchObject({ sex: 'female', categories: ['living_alone', 'disabled'], abilityLevel: 'moderate', hasChildren: true, firstVisitContacts: [{ name: '李明', relation: 'child', phone: '+8613900001111' }] });
    // Only the child's relation is normalised (儿子 → 子女); every other cell comes back as written.
    expect(registrationToRow(reg)).toEqual(LEDGER_COLUMNS.map((c) => (c.key === 'firstVisitContacts' ? '李明/子女/13900001111/否' : c.example)));
  });

  it('names the cell of each word it cannot read', () => {
    const { issues } = rowToInput({ ...example, bedridden: '也许', sex: '未知', firstVisitContacts: '李明 13900001111', abilityLevel: '中等' }, 'E1', '2026-11-01');
    expect(issues).toHaveLength(4);
    expect(issues).toEqual(
      expect.arrayContaining([
        { column: '性别', rule: '"未知" is not one of 男/女' },
        { column: '第一探访联系人', rule: '"李明 13900001111" must be 姓名/关系/电话' },
        { column: '能力程度', rule: expect.stringMatching(/"中等" is not one of 能力完好\/轻度失能/) },
        { column: '是否长期卧床', rule: '"也许" is not 是 or 否' },
      ]),
    );
  });

  it('accepts short ability words and Chinese grades, and makes no-children contacts township-designated', () => {
    const { input } = rowToInput(
      { ...example, abilityLevel: '重度', disabilityGrade: '二级', disabilityCertificate: '51010819461123002X12', categories: '孤寡、重残', hasChildren: '否', firstVisitContacts: '王芳/社区网格员/13900002222' },
      'E1',
      '2026-11-01',
    );
    const reg = elderRegistrationSchema.parse(input);
    expect(reg).toMatchObject({ abilityLevel: 'severe', disability: { grade: 2 }, firstVisitContacts: [{ relation: 'township_designated' }] });
  });

  it('maps a form field path back to the header it came from', () => {
    expect(issueColumn('residence.areaCode')).toBe('居住地村(社区)代码');
    expect(issueColumn('firstVisitContacts.0.phone')).toBe('第一探访联系人');
    expect(issueColumn('consent.homeVisits')).toBe('是否同意入户');
    expect(issueColumn('disability.certificateNumber')).toBe('残疾证号');
  });
});
