import { useMemo } from 'react';
import Grid from '@material-ui/core/Grid';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ScopeOptions } from '../../api/ReleasesApi';
import { DeploymentHistory } from './DeploymentHistory';
import { VersionsMatrixCard } from './VersionsMatrixCard';

/** A Component's own versions, or those of every component of a System. */
export function versionsScopeFor(entity: Entity): ScopeOptions {
  const ref = stringifyEntityRef(entity);
  return entity.kind.toLocaleLowerCase('en-US') === 'system'
    ? { system: ref }
    : { entityRef: ref };
}

/** The Versions tab: what runs where now, and every deployment that got it there. */
export function EntityVersionsContent() {
  const { entity } = useEntity();
  const scope = useMemo(() => versionsScopeFor(entity), [entity]);
  const isSystem = 'system' in scope;
  const name = entity.metadata.title ?? entity.metadata.name;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <VersionsMatrixCard
          scope={scope}
          emptyMessage={
            isSystem
              ? `No deployments have been recorded for the components of ${name} yet.`
              : `No deployments of ${name} have been recorded yet.`
          }
        />
      </Grid>
      <Grid item xs={12}>
        <DeploymentHistory
          idPrefix="versions-history"
          scope={scope}
          title="Deployment history"
          subtitle="Every reported deployment, newest first"
          showComponent={isSystem}
          emptyMessage="No deployments match these filters."
          exportWhat="deployment history"
        />
      </Grid>
    </Grid>
  );
}
