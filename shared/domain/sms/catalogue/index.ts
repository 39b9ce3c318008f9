export * from './catalogue';
export * from './replies';
export * from './devices';
export * from './ledger';
export * from './special';
export * from './tasks';
export * from './urgent';
export * from './variables';
