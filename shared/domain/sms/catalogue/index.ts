export * from './catalogue';
export * from './devices';
export * from './special';
export * from './tasks';
export * from './urgent';
export * from './variables';
