import { describe, expect, it } from 'vitest';
import { incidentIdOf, mergeDecision } from '../../../../shared/domain/devices/incident';
import type { IncidentHead } from '../../../../shared/domain/devices/incident';

const t = (hhmm: string) => `2026-11-20T${hhmm}:00+08:00`;
const head = (over: Partial<IncidentHead> = {}): IncidentHead => ({ incidentId: 'i1', firstAt: t('10:00'), lastAt: t('10:20'), handled: false, ...over });

describe('Merging repeated alarms into one incident', () => {
  it('starts an incident for the first alarm of a device and kind', () => {
    expect(mergeDecision(undefined, t('10:00'), 30)).toEqual({ action: 'new', current: true });
  });

  it('merges an alarm within the window after the incident’s last alarm: the window slides', () => {
    expect(mergeDecision(head(), t('10:50'), 30)).toEqual({ action: 'merge' });
    expect(mergeDecision(head(), t('10:05'), 30)).toEqual({ action: 'merge' });
  });

  it('starts a new incident once the device was quiet for longer than the window', () => {
    expect(mergeDecision(head(), t('10:51'), 30)).toEqual({ action: 'new', current: true });
  });

  it('merges an alarm delivered late from just before the incident’s first', () => {
    expect(mergeDecision(head(), t('09:30'), 30)).toEqual({ action: 'merge' });
  });

  it('treats an alarm from well before the incident as an incident of its own, leaving the current one current', () => {
    expect(mergeDecision(head(), t('09:29'), 30)).toEqual({ action: 'new', current: false });
  });

  it('starts a new incident after the incident’s follow-up was recorded resolved (the elder fell again), even inside the window', () => {
    expect(mergeDecision(head({ handled: true }), t('10:25'), 30)).toEqual({ action: 'new', current: true });
  });

  it('still only counts a late copy of an alarm from inside a handled incident', () => {
    expect(mergeDecision(head({ handled: true }), t('10:10'), 30)).toEqual({ action: 'merge' });
  });

  it('follows the region’s window', () => {
    expect(mergeDecision(head(), t('10:30'), 5)).toEqual({ action: 'new', current: true });
    expect(mergeDecision(head(), t('10:25'), 5)).toEqual({ action: 'merge' });
  });

  it('names an incident by its first alarm, whatever offset the time was written in', () => {
    expect(incidentIdOf('dev-1', 'smoke', '2026-11-20T10:00:00+08:00')).toBe(incidentIdOf('dev-1', 'smoke', '2026-11-20T02:00:00Z'));
    expect(incidentIdOf('dev-1', 'smoke', '2026-11-20T10:00:00+08:00')).toBe(`dev-1.smoke.${Date.UTC(2026, 10, 20, 2) / 1000}`);
  });
});
