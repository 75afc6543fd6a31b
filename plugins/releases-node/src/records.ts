import {
  Incident,
  IncidentSeverity,
} from '@backstage-itsm/plugin-releases-common';

/**
 * What the plugin's records tell modules: the same for every reader (no
 * caller's permissions apply), for checks and risk factors that decide
 * about components rather than answer a person.
 *
 * @public
 */
export interface ReleasesRecords {
  /**
   * Incidents on these components, newest first: in one environment when
   * given, only unresolved ones when `open`, only of `severities` when
   * given, opened at or after `since`; at most `limit` (default 20, at
   * most 100). A check that looks for some severities asks for them: a
   * page of others could hide them.
   */
  incidents(query: {
    entityRefs: string[];
    environment?: string;
    open?: boolean;
    severities?: IncidentSeverity[];
    since?: Date;
    limit?: number;
  }): Promise<Incident[]>;
}
