export * from './local-date';
export * from './instant';
