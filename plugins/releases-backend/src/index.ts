/**
 * The releases backend plugin: ITIL release management for Backstage.
 *
 * @packageDocumentation
 */
export { releasesPlugin as default } from './plugin';
