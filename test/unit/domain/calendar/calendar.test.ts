import { describe, expect, it } from 'vitest';
import { calendarBetween, festivalsBetween, holidayAround, isFestival, statutoryBetween } from '../../../../shared/domain/calendar';
import type { FestivalId } from '../../../../shared/domain/calendar';

/** Published dates (中国天文年历 / State Council notices). */
const FESTIVALS: Record<number, Record<FestivalId, string>> = {
  2025: { chuxi: '2025-01-28', chunjie: '2025-01-29', yuanxiao: '2025-02-12', qingming: '2025-04-04', duanwu: '2025-05-31', zhongqiu: '2025-10-06', chongyang: '2025-10-29' },
  2026: { chuxi: '2026-02-16', chunjie: '2026-02-17', yuanxiao: '2026-03-03', qingming: '2026-04-05', duanwu: '2026-06-19', zhongqiu: '2026-09-25', chongyang: '2026-10-18' },
  2027: { chuxi: '2027-02-05', chunjie: '2027-02-06', yuanxiao: '2027-02-20', qingming: '2027-04-05', duanwu: '2027-06-09', zhongqiu: '2027-09-15', chongyang: '2027-10-08' },
};

const range = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
};

describe('traditional festivals from the lunar calendar', () => {
  for (const [year, expected] of Object.entries(FESTIVALS)) {
    it(`${year}: 除夕 春节 元宵 清明 端午 中秋 重阳 on their published dates`, () => {
      const got = Object.fromEntries(festivalsBetween(`${year}-01-01`, `${year}-12-31`).map((d) => [d.festival, d.date]));
      expect(got).toEqual(expected);
    });
  }

  it('names them in Chinese and finds one on its day only', () => {
    expect(festivalsBetween('2026-10-18', '2026-10-18')).toEqual([{ date: '2026-10-18', kind: 'festival', name: '重阳节', festival: 'chongyang' }]);
    expect(isFestival('2026-10-18', 'chongyang')).toBe(true);
    expect(isFestival('2026-10-17')).toBe(false);
  });

  it('finds 除夕 of a lunar year that falls in the next Gregorian year', () => {
    expect(festivalsBetween('2027-01-01', '2027-02-10').map((d) => d.festival)).toEqual(['chuxi', 'chunjie']);
  });

  it('rejects a reversed or over-long range, naming the field', () => {
    expect(() => festivalsBetween('2026-10-18', '2026-10-01')).toThrow(/to: 2026-10-01 is before from/);
    expect(() => calendarBetween('2020-01-01', '2026-01-01')).toThrow(/to: a calendar range spans at most 3 years/);
    expect(() => calendarBetween('2026-02-30', '2026-03-01')).toThrow(/from: "2026-02-30" is not a date/);
  });
});

describe('statutory holidays and adjusted working days', () => {
  it('2025 as the State Council published it (国办发明电〔2024〕12号)', () => {
    const { days, warnings } = statutoryBetween('2025-01-01', '2025-12-31');
    const holidays = days.filter((d) => d.kind === 'statutory_holiday').map((d) => d.date);
    const workdays = days.filter((d) => d.kind === 'adjusted_workday').map((d) => d.date);
    expect(warnings).toEqual([]);
    expect(holidays).toEqual(['2025-01-01', ...range('2025-01-28', '2025-02-04'), ...range('2025-04-04', '2025-04-06'), ...range('2025-05-01', '2025-05-05'), ...range('2025-05-31', '2025-06-02'), ...range('2025-10-01', '2025-10-08')]);
    expect(workdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('2026 as the State Council published it', () => {
    const { days, warnings } = statutoryBetween('2026-01-01', '2026-12-31');
    expect(warnings).toEqual([]);
    const byKind = (k: string) => days.filter((d) => d.kind === k).map((d) => d.date);
    expect(byKind('statutory_holiday')).toEqual([
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ]);
    expect(byKind('adjusted_workday')).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(days.find((d) => d.date === '2026-10-01')?.name).toBe('国庆节');
  });

  it('warns once for a year with no data (2027) and still gives its festivals', () => {
    const { days, warnings } = calendarBetween('2026-12-30', '2027-12-31');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ year: 2027, message: expect.stringMatching(/no statutory holiday data for 2027/) });
    expect(days.filter((d) => d.date.startsWith('2027')).map((d) => d.kind)).toEqual(Array(7).fill('festival'));
  });

  it('a region can add a published year: the warning goes and its days come in', () => {
    const extra = [
      { date: '2027-10-01', kind: 'statutory_holiday' as const, name: '国庆节' },
      { date: '2027-09-26', kind: 'adjusted_workday' as const, name: '国庆节' },
    ];
    const { days, warnings } = calendarBetween('2027-09-01', '2027-10-31', extra);
    expect(warnings).toEqual([]);
    expect(days.map((d) => [d.date, d.kind])).toEqual([
      ['2027-09-15', 'festival'],
      ['2027-09-26', 'adjusted_workday'],
      ['2027-10-01', 'statutory_holiday'],
      ['2027-10-08', 'festival'],
    ]);
  });

  it('rejects a bad added day with the field and the rule', () => {
    expect(() => statutoryBetween('2027-01-01', '2027-12-31', [{ date: '2027-13-01', kind: 'statutory_holiday', name: 'x' }])).toThrow(/0\.date: must be a real date/);
    expect(() => statutoryBetween('2027-01-01', '2027-12-31', [{ date: '2027-01-01', kind: 'holiday' as never, name: 'x' }])).toThrow(/0\.kind/);
  });

  it('orders a day that is both festival and holiday festival first', () => {
    const { days } = calendarBetween('2026-10-01', '2026-10-01');
    expect(days).toEqual([{ date: '2026-10-01', kind: 'statutory_holiday', name: '国庆节' }]);
    expect(calendarBetween('2026-09-25', '2026-09-25').days.map((d) => d.kind)).toEqual(['festival', 'statutory_holiday']);
  });

  it('finds the public holiday around a festival (the nine days of Spring Festival 2026)', () => {
    expect(holidayAround('2026-02-17')).toEqual(range('2026-02-15', '2026-02-23'));
    expect(holidayAround('2026-10-18')).toBeUndefined();
    expect(holidayAround('2027-02-06')).toBeUndefined();
  });
});
