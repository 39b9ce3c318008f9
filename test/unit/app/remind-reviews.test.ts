import { describe, expect, it } from 'vitest';
import { remindReviews } from '../../../shared/app/remind-reviews';
import { deliverOutbox } from '../../../shared/app/send-sms';
import { ManualClock } from '../../../shared/adapters/local/manual-clock';
import { loadRegion } from '../../../shared/config/load';
import type { ReviewDueElder } from '../../../shared/domain/ledger/review-due';
import type { Person } from '../../../shared/domain/people/person';
import { InMemoryOutbox } from '../../fakes/in-memory-outbox';
import { smsWorld } from '../../helpers/sms';

const runtime = loadRegion('sichuan');
const T = '510108001';
const entry = (elderId: string, village: string, on: string): ReviewDueElder => ({ elderId, maskedName: '张*华', villageCode: `${T}${village}`, villageName: `村${village}`, lastReview: { on, by: 'x', kind: 'updated' } });
const person = (personId: string, roles: Person['roles'], areaCode: string, over: Partial<Person> = {}): Person => ({ personId, name: '联络员', roles, areaCode, phone: '+8613812345678', active: true, ...over });

/** The use case over fakes: the overdue index answers what a Query `reviewSort < before` would. */
function world(entries: ReviewDueElder[], people: Person[], at = '2026-11-01T08:00:00+08:00') {
  const outbox = new InMemoryOutbox();
  const asked: { county: string; before: string }[] = [];
  const deps = {
    elders: {
      reviewDue: async function* (county: string, before: string) {
        asked.push({ county, before });
        for (const e of entries) if (e.lastReview!.on < before) yield e;
      },
    },
    people: { inArea: async (area: string) => people.filter((p) => p.areaCode === area) },
    outbox,
    clock: new ManualClock(at),
    runtime,
  };
  return { deps, outbox, asked };
}

describe('Use case: remindReviews (每半年动态更新一次)', () => {
  it('tells each village liaison how many entries of their village are overdue, never who, once a month', async () => {
    const w = world(
      [entry('E1', '001', '2026-04-01'), entry('E2', '001', '2026-04-20'), entry('E3', '002', '2026-03-01'), entry('E4', '001', '2026-06-01')],
      [person('lia-1', ['liaison'], `${T}001`), person('lia-2', ['liaison'], `${T}002`)],
    );
    const report = await remindReviews(w.deps);
    expect(w.asked).toEqual([{ county: '510108', before: '2026-05-01' }]);
    expect(report).toMatchObject({ month: '2026-11', overdue: 3, villages: 2, remindersQueued: 2, remindersExisting: 0, villagesWithoutLiaison: [], villagesUnreminded: [] });
    const sms = await w.outbox.get(`review#lia-1#${T}001#2026-11`);
    expect(sms).toMatchObject({ kind: 'ledger_review', template: 'ledger_review_reminder', params: { village: '村001', count: '2', months: '6' }, urgent: false, sendAfter: '2026-11-01T08:00:00+08:00' });
    expect(sms!.text).toBe('【成华民政】台账更新提醒：您负责的村001有2位老人台账已超过6个月未核实更新，请登录探访系统逐一核实并记录。');
    expect(sms!.segments).toBe(1);
    expect(sms!.text).not.toContain('张');
    expect(await remindReviews(w.deps)).toMatchObject({ remindersQueued: 0, remindersExisting: 2 });
  });

  it('tells the township instructor for a village without an active liaison, and names villages nobody can be told of', async () => {
    const w = world([entry('E1', '001', '2026-01-01'), entry('E2', '002', '2026-01-01')], [person('lia-1', ['liaison'], `${T}001`, { active: false }), person('ins-1', ['instructor'], T, { phone: undefined })]);
    const report = await remindReviews(w.deps);
    expect(report).toMatchObject({ remindersQueued: 2, remindersUndeliverable: 2, villagesWithoutLiaison: [`${T}001`, `${T}002`], villagesUnreminded: [] });
    const none = world([entry('E1', '001', '2026-01-01')], []);
    expect(await remindReviews(none.deps)).toMatchObject({ remindersQueued: 0, villagesUnreminded: [`${T}001`] });
  });

  it('waits for the end of quiet hours when run at night', async () => {
    const w = world([entry('E1', '001', '2026-01-01')], [person('lia-1', ['liaison'], `${T}001`)], '2026-11-01T02:00:00+08:00');
    await remindReviews(w.deps);
    expect((await w.outbox.get(`review#lia-1#${T}001#2026-11`))?.sendAfter).toBe('2026-11-01T08:00:00+08:00');
  });

  it('keeps to the per-phone budget when one instructor covers many villages: three a day, the rest the next morning', async () => {
    const villages = ['001', '002', '003', '004'];
    const w = world(
      villages.map((v, i) => entry(`E${i}`, v, '2026-01-01')),
      [person('ins-1', ['instructor'], T)],
      '2026-11-01T09:00:00+08:00',
    );
    await remindReviews(w.deps);
    const send = smsWorld();
    for (const v of villages) await send.outbox.enqueue((await w.outbox.get(`review#ins-1#${T}${v}#2026-11`))!);
    send.clock.set('2026-11-01T09:00:00+08:00');
    expect(await deliverOutbox(send.deps)).toMatchObject({ sent: 3, deferredPerPhone: 1 });
    const deferred = (await Promise.all(villages.map((v) => send.outbox.get(`review#ins-1#${T}${v}#2026-11`)))).filter((m) => m?.state === 'pending');
    expect(deferred).toEqual([expect.objectContaining({ sendAfter: '2026-11-02T08:00:00+08:00', lastError: 'per-phone limit (3 ledger_review a day): deferred' })]);
  });
});
