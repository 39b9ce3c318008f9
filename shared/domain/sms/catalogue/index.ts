export * from './catalogue';
export * from './replies';
export * from './special';
export * from './tasks';
export * from './urgent';
export * from './variables';
