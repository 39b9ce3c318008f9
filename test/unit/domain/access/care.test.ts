import { describe, expect, it } from 'vitest';
import { canRecordVisit } from '../../../../shared/domain/access/access';
import type { Principal } from '../../../../shared/domain/access/access';
import { canCloseReferral, canManageDevices, canRecordFollowUp, canWorkNeeds } from '../../../../shared/domain/access/care';
import type { Role } from '../../../../shared/domain/people/person';

const V1 = '510108001001';
const OTHER_TOWNSHIP_VILLAGE = '510108002001';
const who = (role: Role, areaCode: string, personId = `${role}-1`): Principal => ({ personId, roles: [role], areaCode, active: true });
const visitor = who('visitor', V1, 'vis-1');
const liaison = who('liaison', V1, 'lia-1');
const instructor = who('instructor', '510108001', 'ins-1');
const otherInstructor = who('instructor', '510108002', 'ins-2');
const supervisor = who('supervisor', '510108', 'sup-1');
const admin = who('admin', '510108', 'admin-1');
const followUp = { kind: 'follow_up' as const, visitorId: 'ins-1', villageCode: V1 };
const ok = (d: { allowed: boolean }) => d.allowed;

describe('Who works needs, follow-ups and devices', () => {
  it('lets the elder’s current visitor and the supervisors of the village work the elder’s needs, and nobody else', () => {
    expect(ok(canWorkNeeds(visitor, V1, ['vis-1']))).toBe(true);
    expect(ok(canWorkNeeds(who('visitor', V1, 'vis-2'), V1, ['vis-1']))).toBe(false);
    expect(ok(canWorkNeeds(liaison, V1, []))).toBe(true);
    expect(ok(canWorkNeeds(instructor, V1, []))).toBe(true);
    expect(ok(canWorkNeeds(otherInstructor, V1, []))).toBe(false);
    expect(ok(canWorkNeeds(who('liaison', '510108001002'), V1, []))).toBe(false);
    expect(ok(canWorkNeeds({ ...liaison, active: false }, V1, []))).toBe(false);
  });

  it('lets the follow-up’s owner record its outcome (the fix: an instructor is no visitor), and the township and above of its area cover', () => {
    expect(canRecordFollowUp(instructor, followUp)).toEqual({ allowed: true });
    expect(ok(canRecordFollowUp(supervisor, followUp))).toBe(true);
    expect(ok(canRecordFollowUp(admin, followUp))).toBe(true);
    expect(canRecordFollowUp(otherInstructor, followUp)).toEqual({ allowed: false, reason: 'the follow-up belongs to ins-1; works in area 510108002, which does not include village 510108001001' });
    // The village liaison works beside the visitors; the follow-up is the township's (四川 000: 乡镇（街道）要…进行跟踪回访).
    expect(ok(canRecordFollowUp(liaison, followUp))).toBe(false);
    expect(ok(canRecordFollowUp(visitor, followUp))).toBe(false);
    // A follow-up whose owner fell back to the liaison (no instructor on the roster) is theirs to record.
    expect(ok(canRecordFollowUp(liaison, { ...followUp, visitorId: 'lia-1' }))).toBe(true);
    expect(ok(canRecordFollowUp(instructor, { ...followUp, kind: 'routine' }))).toBe(false);
  });

  it('sends a follow-up’s outcome away from the visit form, for everyone', () => {
    expect(canRecordVisit(visitor, { ...followUp, visitorId: 'vis-1' })).toEqual({ allowed: false, reason: 'a follow-up (跟踪回访) is recorded by its owner with POST /tasks/{elderId}/{taskId}/follow-up' });
    expect(ok(canRecordVisit(visitor, { kind: 'routine', visitorId: 'vis-1', villageCode: V1 }))).toBe(true);
  });

  it('closes a referral only from the township up, inside its area', () => {
    expect(ok(canCloseReferral(instructor, V1))).toBe(true);
    expect(ok(canCloseReferral(liaison, V1))).toBe(false);
    expect(ok(canCloseReferral(visitor, V1))).toBe(false);
    expect(ok(canCloseReferral(instructor, OTHER_TOWNSHIP_VILLAGE))).toBe(false);
  });

  it('lets the elder’s liaison or an administrator of the area manage devices, no one else', () => {
    expect(ok(canManageDevices(liaison, V1))).toBe(true);
    expect(ok(canManageDevices(admin, V1))).toBe(true);
    expect(ok(canManageDevices(who('liaison', '510108001002'), V1))).toBe(false);
    expect(ok(canManageDevices(instructor, V1))).toBe(false);
    expect(ok(canManageDevices(visitor, V1))).toBe(false);
    expect(ok(canManageDevices(who('admin', '510104'), V1))).toBe(false);
  });
});
