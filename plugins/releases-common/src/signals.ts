/**
 * The signal channels the releases backend publishes on and its pages listen
 * to. A message carries no data: a page that hears one fetches again through
 * the API, under the reader's own permissions.
 *
 * @public
 */
export const releaseSignalChannels = {
  /** Any change of one release: edit, transition, decision, review. */
  release: (releaseId: string) => `releases:release:${releaseId}`,
  /**
   * A release on this entity's Releases tab (a component's, its system's,
   * its owner's, the release owner's), timeline or freeze banner was created
   * or changed.
   */
  entity: (entityRef: string) =>
    `releases:entity:${entityRef.toLocaleLowerCase('en-US')}`,
  /** What the signed-in user must decide may have changed (sent to them only). */
  approvals: 'releases:approvals',
  /** Runtime freezes or CAB meetings changed: calendars, gates and agendas refetch. */
  governance: 'releases:governance',
} as const;
