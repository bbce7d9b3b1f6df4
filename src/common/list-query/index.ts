export * from './orison';
export * from './filter';
export * from './list-query';
