export * from './calendar';
export * from './festivals';
export * from './statutory';
