import { describe, expect, it } from 'vitest';
import { lifeChangesOf, movedTask } from '../../../../shared/domain/ledger/elder-move';
import { recordFromRegistration } from '../../../../shared/domain/ledger/elder-record';
import { elderRegistrationSchema } from '../../../../shared/domain/elder/registration';
import { handedOver } from '../../../../shared/domain/task/handover';
import { aTask } from '../../../helpers/task-factory';
import { syntheticLedger } from '../../../../cli/simulation/ledger';
import { loadRegion } from '../../../../shared/config/load';

const registrationInput = () => structuredClone(syntheticLedger({ runtime: loadRegion('sichuan'), seed: 3, elders: 5, asOf: '2026-11-01' }).registrations[0]!);

const escalation = { ladder: [{ role: 'liaison' as const, afterDueHours: 0, repeatEveryHours: 24 }], graceHours: 24 };
const NEW = { villageCode: '510108001002', villageName: '槐树村', townshipCode: '510108001', countyCode: '510108', visitorId: 'v2' };
const AT = '2026-11-20T10:00:00+08:00';

describe('An elder who moves (迁居): open tasks follow', () => {
  it('moves an open task to the new village and its visitor, with the move in the history', () => {
    const moved = movedTask(aTask(), NEW, AT, escalation)!;
    expect(moved).toMatchObject({ villageCode: '510108001002', villageName: '槐树村', visitorId: 'v2', state: 'assigned', version: 4 });
    expect(moved.history.at(-1)).toMatchObject({ event: 'reassign', by: 'ledger', detail: expect.stringContaining('the elder moved from 天鹅村 (510108001001) to 槐树村 (510108001002)') });
  });

  it('keeps the visitor when the same visitor serves the new village, and says so', () => {
    const moved = movedTask(aTask(), { ...NEW, visitorId: 'v1' }, AT, escalation)!;
    expect(moved).toMatchObject({ villageCode: '510108001002', visitorId: 'v1' });
    expect(moved.history.at(-1)?.event).toBe('move');
  });

  it('leaves the task open for the liaison when the new village names no visitor', () => {
    expect(movedTask(aTask(), { ...NEW, visitorId: undefined }, AT, escalation)).toMatchObject({ state: 'open', visitorId: undefined, villageCode: '510108001002' });
  });

  it('moves a follow-up with its area only: it belongs to the township, not a visitor', () => {
    expect(movedTask(aTask({ kind: 'follow_up', visitorId: undefined, state: 'open' }), NEW, AT, escalation)).toMatchObject({ villageCode: '510108001002', visitorId: undefined, state: 'open' });
  });

  it('leaves closed tasks and tasks already in the new village alone', () => {
    expect(movedTask(aTask({ state: 'completed' }), NEW, AT, escalation)).toBeUndefined();
    expect(movedTask(aTask({ villageCode: '510108001002' }), NEW, AT, escalation)).toBeUndefined();
  });

  it('gives an overdue task a fresh ladder after the new visitor’s grace period', () => {
    const overdue = aTask({ dueAt: '2026-11-15T23:59:59+08:00', state: 'missed', escalation: { level: 2, repeats: 1 } });
    const moved = handedOver(overdue, 'v2', AT, 'ledger', 'moved', escalation);
    expect(moved.state).toBe('missed');
    expect(moved.escalation).toMatchObject({ level: 0, clockFrom: '2026-11-21T10:00:00+08:00' });
  });
});

describe('What a saved form changes about where the elder lives and whether they are home', () => {
  const reg = elderRegistrationSchema.parse(registrationInput());
  const stored = { ...recordFromRegistration(reg, AT), settledVersion: 1 };

  it('marks a move to another village, and a return from hospital', () => {
    const moved = { ...reg, residence: { ...reg.residence, areaCode: '510108002003', areaName: '槐树村' } };
    expect(lifeChangesOf(moved, stored)).toEqual({ areaChange: { fromVillage: reg.residence.areaCode } });
    const inHospital = { ...stored, status: { state: 'hospitalised' as const, since: '2026-11-05' } };
    expect(lifeChangesOf({ ...reg, status: { state: 'active', since: '2026-11-18' } }, inHospital)).toEqual({ returned: { on: '2026-11-18' } });
  });

  it('carries an unfinished move into the next save, and drops it once settled', () => {
    const unsettled = { ...stored, areaChange: { fromVillage: '510108001009' }, settledVersion: 0 };
    expect(lifeChangesOf(reg, unsettled)).toEqual({ areaChange: { fromVillage: '510108001009' } });
    expect(lifeChangesOf(reg, { ...unsettled, settledVersion: 1 })).toEqual({});
  });
});
