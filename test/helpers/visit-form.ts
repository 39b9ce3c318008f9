/** The findings of an uneventful visit: nothing changed, everything safe. Spread ids, times and method over it. */
export const UNEVENTFUL_FINDINGS = {
  household: { change: 'none' },
  health: { expression: 'no_change', mobility: 'no_change', illness: { status: 'no_change' } },
  mood: 'no_change',
  safety: { gas: 'safe', waterHeating: 'safe', electricity: 'safe' },
  hygiene: { personal: 'no_change', home: 'no_change' },
  indoorEnvironment: 'no_change',
  satisfaction: 'satisfied',
  signatures: { visitor: true, elder: true },
} as const;
