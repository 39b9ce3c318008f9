export * from './age';
export * from './area-code';
export * from './categories';
export * from './id-number';
export * from './phone';
export * from './profile';
export * from './registration';
