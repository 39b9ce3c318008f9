export * from './areas';
export * from './notices';
export * from './occasion';
export * from './plan';
export * from './rules';
