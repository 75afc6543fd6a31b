/**
 * Types, schemas, permissions and the phase table shared by the releases plugins.
 *
 * @packageDocumentation
 */
export * from './phases';
export * from './types';
export * from './schemas';
export * from './permissions';
export * from './annotations';
export * from './configuration';
export * from './calendar';
export * from './approvals';
export * from './review';
export * from './limits';
export * from './plans';
export * from './standardChanges';
export * from './cab';
export * from './freezes';
export * from './events';
export * from './entityRefs';
export * from './signals';
