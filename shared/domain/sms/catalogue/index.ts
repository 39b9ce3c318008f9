export * from './catalogue';
export * from './ledger';
export * from './special';
export * from './tasks';
export * from './urgent';
export * from './variables';
