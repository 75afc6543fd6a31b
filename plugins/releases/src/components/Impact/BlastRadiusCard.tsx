import { useLoader } from '../../hooks';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ImpactResult, Release } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useEntityName } from '../shared/EntityName';
import { errorMessage } from '../shared/errors';
import {
  depthHeading,
  describePath,
  describeReach,
  groupByDepth,
} from './describeImpact';

/** How far the walk goes: direct dependents and theirs. */
export const BLAST_RADIUS_DEPTH = 2;

type ComponentImpact =
  | { entityRef: string; result: ImpactResult; error?: undefined }
  | { entityRef: string; result?: undefined; error: unknown };

function ComponentDependents(props: {
  impact: ComponentImpact;
  /** The release's own components, which change anyway. */
  inRelease: Set<string>;
}) {
  const { impact, inRelease } = props;
  const name = useEntityName(impact.entityRef, 'component');
  return (
    <Box mb={2} component="section" aria-label={`Dependents of ${name}`}>
      <Typography variant="subtitle1" component="h4">
        <EntityRefLink entityRef={impact.entityRef} defaultKind="component" />
      </Typography>
      {impact.error !== undefined && (
        <Alert severity="warning">
          Could not work out what depends on it: {errorMessage(impact.error)}
        </Alert>
      )}
      {impact.result && impact.result.dependents.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          Nothing in the catalog depends on it.
        </Typography>
      )}
      {impact.result &&
        groupByDepth(impact.result.dependents).map(group => (
          <Box key={group.depth} ml={2}>
            <Typography variant="overline" color="textSecondary" component="h5">
              {depthHeading(group.depth)}
            </Typography>
            <List dense disablePadding>
              {group.dependents.map(dependent => (
                <ListItem key={dependent.entityRef} disableGutters>
                  <ListItemText
                    primary={
                      <>
                        <EntityRefLink entityRef={dependent.entityRef} />
                        {` — ${describeReach(dependent)}`}
                        {inRelease.has(dependent.entityRef) &&
                          ' (also in this release)'}
                      </>
                    }
                    secondary={
                      dependent.depth > 1
                        ? describePath(impact.entityRef, dependent)
                        : undefined
                    }
                  />
                </ListItem>
              ))}
            </List>
          </Box>
        ))}
    </Box>
  );
}

function countLabel(count: number): string {
  return count === 1 ? '1 dependent' : `${count} dependents`;
}

/** What else a release may break: the catalog's dependents of its components. */
export function BlastRadiusCard(props: { release: Release }) {
  const { release } = props;
  const releasesApi = useApi(releasesApiRef);
  const refs = release.components.map(c => c.entityRef);
  const refsKey = refs.join('\n');
  const inRelease = new Set(refs);

  const state = useLoader(
    async () =>
      Promise.all(
        refsKey
          .split('\n')
          .filter(Boolean)
          .map(async (entityRef): Promise<ComponentImpact> => {
            try {
              return {
                entityRef,
                result: await releasesApi.getImpact(
                  entityRef,
                  BLAST_RADIUS_DEPTH,
                ),
              };
            } catch (error) {
              return { entityRef, error };
            }
          }),
      ),
    [releasesApi, refsKey],
  );

  const impacts = state.value;
  const dependents = new Set(
    (impacts ?? []).flatMap(
      impact => impact.result?.dependents.map(d => d.entityRef) ?? [],
    ),
  );
  const title = impacts
    ? `Blast radius — ${countLabel(dependents.size)}`
    : 'Blast radius';

  let content;
  if (refs.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        This release names no components, so nothing else is affected.
      </Typography>
    );
  } else if (!impacts) {
    content = <Progress />;
  } else {
    content = (
      <>
        {dependents.size === 0 && impacts.every(i => i.result) && (
          <Typography variant="body2" color="textSecondary" paragraph>
            Nothing in the catalog depends on the components of this release.
          </Typography>
        )}
        {(dependents.size > 0 || impacts.some(i => i.error !== undefined)) &&
          impacts.map(impact => (
            <ComponentDependents
              key={impact.entityRef}
              impact={impact}
              inRelease={inRelease}
            />
          ))}
      </>
    );
  }

  return (
    <InfoCard
      title={title}
      titleTypographyProps={{ component: 'h3' }}
      subheader={`What depends on this release's components in the catalog, up to ${BLAST_RADIUS_DEPTH} steps away`}
    >
      {content}
    </InfoCard>
  );
}
