export * from './areas';
export * from './occasion';
export * from './plan';
export * from './rules';
