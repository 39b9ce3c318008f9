import { describe, expect, it } from 'vitest';
import { distanceMeters, verifyVisit } from '../../../../shared/domain/visit/verification';
import { visitFormSchema } from '../../../../shared/domain/visit/visit-form';
import type { VisitForm } from '../../../../shared/domain/visit/visit-form';
import { UNEVENTFUL_FINDINGS } from '../../../helpers/visit-form';

const task = { opensAt: '2026-11-16T00:00:00+08:00', dueAt: '2026-11-30T23:59:59+08:00' };
const home = { lat: 30.6667, lng: 104.1031 };

const form = (over: Record<string, unknown> = {}): VisitForm =>
  visitFormSchema.parse({
    visitId: 'v2',
    elderId: 'E1',
    taskId: '2026-11H2#1',
    visitorId: 'vis-1',
    visitedAt: '2026-11-20T15:00:00+08:00',
    method: 'home',
    checkIn: '2026-11-20T15:00:00+08:00',
    checkOut: '2026-11-20T15:40:00+08:00',
    location: { lat: 30.6668, lng: 104.1032 },
    ...UNEVENTFUL_FINDINGS,
    servicesGiven: ['帮助打扫卫生，讲解冬季用电安全'],
    ...over,
  });

const kinds = (f: VisitForm, ctx: Partial<Parameters<typeof verifyVisit>[1]> = {}) => verifyVisit(f, { task, home, nearbyByVisitor: [], ...ctx }).map((x) => x.kind);

describe('visit verification (不探访假探访)', () => {
  it('raises nothing for an ordinary home visit at the address, 40 minutes, inside the window', () => {
    expect(kinds(form())).toEqual([]);
  });

  it('measures distance with the haversine formula', () => {
    expect(distanceMeters(home, { lat: 30.6667, lng: 104.1031 })).toBe(0);
    expect(Math.round(distanceMeters(home, { lat: 30.6757, lng: 104.1031 }))).toBe(1001);
  });

  it('flags a check-in far from the address, with the distance', () => {
    const flags = verifyVisit(form({ location: { lat: 30.6757, lng: 104.1031 } }), { task, home, nearbyByVisitor: [] });
    expect(flags).toEqual([{ kind: 'far_from_home', detail: "checked in 1001 m from the elder's address (more than 500 m)" }]);
    expect(kinds(form({ location: { lat: 30.6757, lng: 104.1031 } }), { home: undefined })).toEqual([]);
    expect(kinds(form({ method: 'phone', location: { lat: 30.6757, lng: 104.1031 } }))).toEqual([]);
  });

  it('flags a home visit of a few minutes, and one outside the window', () => {
    expect(kinds(form({ checkOut: '2026-11-20T15:04:00+08:00' }))).toEqual(['too_short']);
    expect(kinds(form({ visitedAt: '2026-12-01T09:00:00+08:00', checkIn: undefined, checkOut: undefined }))).toEqual(['outside_window']);
  });

  it('flags visits to different elders recorded minutes apart by the same visitor', () => {
    const nearby = [{ visitId: 'v9', elderId: 'E2', visitedAt: '2026-11-20T15:03:00+08:00', method: 'home' as const }];
    expect(kinds(form(), { nearbyByVisitor: nearby })).toEqual(['bulk_entry']);
    expect(kinds(form(), { nearbyByVisitor: [{ ...nearby[0]!, visitedAt: '2026-11-20T15:30:00+08:00' }] })).toEqual([]);
    expect(kinds(form(), { nearbyByVisitor: [{ ...nearby[0]!, elderId: 'E1' }] })).toEqual([]);
    expect(kinds(form(), { nearbyByVisitor: [{ ...nearby[0]!, method: 'phone' }] })).toEqual([]);
  });

  it('flags a record copied word for word from the previous one, but not boxes ticked alike', () => {
    const previous = form({ visitId: 'v1', visitedAt: '2026-11-05T10:00:00+08:00' });
    expect(kinds(form(), { previous })).toEqual(['copied_record']);
    expect(kinds(form({ servicesGiven: ['陪同就医'] }), { previous })).toEqual([]);
    const blank = { servicesGiven: [] };
    expect(kinds(form(blank), { previous: form({ ...blank, visitId: 'v1' }) })).toEqual([]);
  });

  it('rejects a check-out before the check-in, naming the field', () => {
    expect(() => form({ checkOut: '2026-11-20T14:00:00+08:00' })).toThrow(/checkOut/);
  });
});
