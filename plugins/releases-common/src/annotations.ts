/**
 * Set to `disabled` on a Component, System or Group to hide its Releases tab.
 *
 * @public
 */
export const RELEASES_ANNOTATION = 'releases.backstage-itsm.io/enabled';

/**
 * Entity kinds that carry a Releases tab.
 *
 * @public
 */
export const RELEASABLE_KINDS = ['component', 'system', 'group'] as const;
