export * from './constants';
export * from './ids';
export * from './errors';
export * from './sources';
export * from './system';
export * from './fleet';
export * from './audit';
export * from './auth';
