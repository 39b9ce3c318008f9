export * from './catalogue';
export * from './special';
export * from './tasks';
export * from './urgent';
export * from './variables';
export * from './people';
export * from './events';
