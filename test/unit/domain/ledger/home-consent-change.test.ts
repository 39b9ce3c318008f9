import { describe, expect, it } from 'vitest';
import { homeConsentOf } from '../../../../shared/domain/ledger/home-consent-change';

const refusal = { by: 'elder' as const, on: '2026-09-01', reason: '不愿外人进家' };
const consenting = { consent: { visits: true, homeVisits: true, recordedOn: '2026-03-01' } };
const refusing = { consent: { visits: true, homeVisits: false, recordedOn: '2026-03-01', homeVisitRefusal: refusal } };
const before = (registration: typeof consenting | typeof refusing, extra: object = {}) => ({ registration, version: 3, settledVersion: 3, ...extra });

describe('A change of consent to home visits between two versions of a form', () => {
  it('is nothing for a first registration (no tasks yet to follow it)', () => {
    expect(homeConsentOf(refusing, undefined, '2026-10-12')).toEqual({});
  });

  it('is `refused` when a refusal appears, and `restored` when it goes, keeping the withdrawn refusal', () => {
    expect(homeConsentOf(refusing, before(consenting), '2026-10-12')).toEqual({ homeConsentChange: 'refused' });
    expect(homeConsentOf(consenting, before(refusing), '2026-10-25')).toEqual({ homeConsentChange: 'restored', homeRefusalHistory: [{ ...refusal, withdrawnOn: '2026-10-25' }] });
  });

  it('carries an earlier change not yet settled (an interrupted save), and keeps the history', () => {
    const history = [{ ...refusal, withdrawnOn: '2026-05-01' }];
    expect(homeConsentOf(refusing, before(refusing, { homeConsentChange: 'refused', settledVersion: 2, homeRefusalHistory: history }), '2026-10-13')).toEqual({ homeConsentChange: 'refused', homeRefusalHistory: history });
    expect(homeConsentOf(refusing, before(refusing, { homeConsentChange: 'refused' }), '2026-10-13')).toEqual({});
  });

  it('lets a later change overtake an unsettled one: the tasks follow what the form says now', () => {
    expect(homeConsentOf(consenting, before(refusing, { homeConsentChange: 'refused', settledVersion: 2 }), '2026-10-14')).toMatchObject({ homeConsentChange: 'restored' });
  });
});
