import { describe, expect, it } from 'vitest';
import { canAdminister, canEditElder, canManagePerson, canReadRates, canRecordVisit, canSeeTask, canSupervise, elderView, redactElder } from '../../../../shared/domain/access/access';
import type { Principal } from '../../../../shared/domain/access/access';
import type { Role } from '../../../../shared/domain/people/person';
import { elderRegistrationSchema } from '../../../../shared/domain/elder/registration';
import { syntheticLedger } from '../../../../cli/simulation/ledger';
import { loadRegion } from '../../../../shared/config/load';

// One county, two townships; village V1 in township T1.
const V1 = '510108001001';
const V1_SIBLING = '510108001002';
const OTHER_TOWNSHIP_VILLAGE = '510108002001';
const OTHER_COUNTY_VILLAGE = '510104001001';

const who = (role: Role, areaCode: string, personId = `${role}-1`): Principal => ({ personId, roles: [role], areaCode, active: true });
const visitor = who('visitor', V1, 'vis-1');
const liaison = who('liaison', V1);
const instructor = who('instructor', '510108001');
const supervisor = who('supervisor', '510108');
const bureau = who('bureau', '510100');
const admin = who('admin', '510108');

const ok = (d: { allowed: boolean }) => d.allowed;

describe('area-scoped access', () => {
  it('elder view: supervising roles see their subtree in full, a visitor only their own elders without the ID number', () => {
    const table = [
      [visitor, V1, 'vis-1', 'visit'],
      [visitor, V1, 'vis-2', 'none'],
      [visitor, OTHER_TOWNSHIP_VILLAGE, 'vis-1', 'visit'],
      [liaison, V1, undefined, 'full'],
      [liaison, V1_SIBLING, undefined, 'none'],
      [instructor, V1_SIBLING, undefined, 'full'],
      [instructor, OTHER_TOWNSHIP_VILLAGE, undefined, 'none'],
      [supervisor, OTHER_TOWNSHIP_VILLAGE, undefined, 'full'],
      [supervisor, OTHER_COUNTY_VILLAGE, undefined, 'none'],
      [bureau, OTHER_COUNTY_VILLAGE, undefined, 'full'],
      [admin, OTHER_COUNTY_VILLAGE, undefined, 'none'],
    ] as const;
    for (const [p, villageCode, visitorId, view] of table) expect({ who: p.personId, villageCode, view: elderView(p, { villageCode, visitorId }) }).toEqual({ who: p.personId, villageCode, view });
    expect(elderView({ ...liaison, active: false }, { villageCode: V1 })).toBe('none');
  });

  it('ledger edits: liaison, instructor and admin in their area; never a visitor, supervisor or bureau', () => {
    expect([visitor, liaison, instructor, supervisor, bureau, admin].map((p) => ok(canEditElder(p, V1)))).toEqual([false, true, true, false, false, true]);
    expect(ok(canEditElder(liaison, V1_SIBLING))).toBe(false);
    expect(canEditElder(instructor, OTHER_TOWNSHIP_VILLAGE)).toEqual({ allowed: false, reason: 'works in area 510108001, which does not include village 510108002001' });
  });

  it('tasks: the assigned visitor sees and records; another visitor neither; supervisors see but do not record', () => {
    const task = { visitorId: 'vis-1', villageCode: V1 };
    expect(ok(canSeeTask(visitor, task))).toBe(true);
    expect(ok(canSeeTask(who('visitor', V1, 'vis-2'), task))).toBe(false);
    expect(ok(canSeeTask(instructor, task))).toBe(true);
    expect(ok(canSeeTask(who('instructor', '510108002'), task))).toBe(false);
    expect(ok(canRecordVisit(visitor, task))).toBe(true);
    expect(canRecordVisit(who('visitor', V1, 'vis-2'), task)).toEqual({ allowed: false, reason: 'the task is assigned to another visitor' });
    expect(canRecordVisit(liaison, task)).toEqual({ allowed: false, reason: 'only a visitor records visits' });
    expect(ok(canRecordVisit(visitor, { villageCode: V1, visitorId: undefined }))).toBe(true);
    expect(ok(canRecordVisit(visitor, { villageCode: OTHER_TOWNSHIP_VILLAGE, visitorId: undefined }))).toBe(false);
  });

  it('supervisor actions and visit rates: supervising roles inside their area only', () => {
    expect([visitor, liaison, instructor, supervisor, bureau, admin].map((p) => ok(canSupervise(p, V1)))).toEqual([false, true, true, true, true, true]);
    expect([visitor, liaison, instructor, supervisor, bureau, admin].map((p) => ok(canSupervise(p, OTHER_TOWNSHIP_VILLAGE)))).toEqual([false, false, false, true, true, true]);
    expect(ok(canReadRates(instructor, '510108001'))).toBe(true);
    expect(ok(canReadRates(instructor, '510108'))).toBe(false);
    expect(ok(canReadRates(visitor, V1))).toBe(false);
  });

  it('people: an admin in the area; an instructor only for visitors and liaisons of their township', () => {
    expect(ok(canManagePerson(admin, { roles: ['supervisor'], areaCode: '510108' }))).toBe(true);
    expect(ok(canManagePerson(instructor, { roles: ['visitor'], areaCode: V1 }))).toBe(true);
    expect(ok(canManagePerson(instructor, { roles: ['instructor'], areaCode: '510108001' }))).toBe(false);
    expect(ok(canManagePerson(instructor, { roles: ['visitor'], areaCode: OTHER_TOWNSHIP_VILLAGE }))).toBe(false);
    expect(ok(canManagePerson(liaison, { roles: ['visitor'], areaCode: V1 }))).toBe(false);
    expect([visitor, liaison, instructor, supervisor, bureau, admin].map((p) => ok(canAdminister(p)))).toEqual([false, false, false, false, false, true]);
  });

  it('an inactive person may do nothing', () => {
    const gone = { ...admin, active: false };
    for (const d of [canEditElder(gone, V1), canSupervise(gone, V1), canAdminister(gone), canReadRates(gone, V1), canSeeTask(gone, { villageCode: V1 })]) expect(d).toEqual({ allowed: false, reason: 'is no longer active' });
  });

  it('the visit view drops the ID number, income, disability certificate and household members', () => {
    const [reg] = syntheticLedger({ runtime: loadRegion('sichuan'), seed: 2, elders: 1, asOf: '2026-11-01' }).registrations;
    const full = elderRegistrationSchema.parse(reg);
    const seen = redactElder(full, 'visit');
    expect(JSON.stringify(seen)).not.toContain(full.residentId);
    expect(Object.keys(seen)).not.toEqual(expect.arrayContaining(['residentId']));
    expect(seen).not.toHaveProperty('economic');
    expect(seen).not.toHaveProperty('disability');
    expect(seen).not.toHaveProperty('householdMembers');
    expect(seen).toMatchObject({ name: full.name, residence: full.residence, emergencyContacts: full.emergencyContacts });
    expect(redactElder(full, 'full')).toBe(full);
  });
});
