import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Content, Header, Page } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { Baseline } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { BackLink } from '../shared/BackLink';
import { errorMessage } from '../shared/errors';
import { humanizeRef } from '../shared/format';
import { DeploymentHistory, VersionsMatrixCard } from '../Versions';
import { BaselineDiffCard } from './BaselineDiffCard';
import { BaselinesCard } from './BaselinesCard';
import { CreateBaselineDialog } from './CreateBaselineDialog';
import { describeBaselineScope, scopeFromParams } from './scope';
import { useCatalogOptions, withSelected } from './useCatalogOptions';

const BASELINES_LIMIT = 100;

function ScopeFilters(props: {
  owner: string;
  system: string;
  onChange: (key: 'owner' | 'system', value: string) => void;
}) {
  const { owner, system, onChange } = props;
  const groups = useCatalogOptions('Group');
  const systems = useCatalogOptions('System');
  const catalogError = groups.error ?? systems.error;
  return (
    <Box mb={3}>
      <Grid container spacing={2} alignItems="flex-start">
        <Grid item xs={12} sm={4}>
          <TextField
            id="audit-scope-owner"
            select
            label="Owner"
            value={owner}
            onChange={e => onChange('owner', e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
            variant="outlined"
            size="small"
          >
            <option value="">All owners</option>
            {withSelected(groups.value, owner).map(option => (
              <option key={option.entityRef} value={option.entityRef}>
                {option.label}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField
            id="audit-scope-system"
            select
            label="System"
            value={system}
            onChange={e => onChange('system', e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
            variant="outlined"
            size="small"
          >
            <option value="">All systems</option>
            {withSelected(systems.value, system).map(option => (
              <option key={option.entityRef} value={option.entityRef}>
                {option.label}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={4}>
          <Typography variant="body2" color="textSecondary">
            Audit every component, one owner's components or one system's.
            Choosing one clears the other.
          </Typography>
        </Grid>
      </Grid>
      {catalogError && (
        <Box mt={1}>
          <Alert severity="warning">
            Could not load the owners and systems from the catalog:{' '}
            {errorMessage(catalogError)}
          </Alert>
        </Box>
      )}
    </Box>
  );
}

/**
 * What runs where across the portfolio, what changed without an approved
 * release, and how today compares with saved baselines.
 */
export function ConfigurationAuditPage() {
  const releasesApi = useApi(releasesApiRef);
  const releasesLink = useRouteRef(rootRouteRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const scope = useMemo(() => scopeFromParams(searchParams), [searchParams]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Baseline>();
  const [comparison, setComparison] = useState<{
    baselineId: string;
    against: string;
  }>();

  const baselines = useAsyncRetry(
    () => releasesApi.listBaselines({ limit: BASELINES_LIMIT }),
    [releasesApi],
  );

  // The backend takes one of owner or system, so choosing one clears the other.
  const setScope = (key: 'owner' | 'system', value: string) =>
    setSearchParams(
      current => {
        const next = new URLSearchParams(current);
        next.delete('owner');
        next.delete('system');
        if (value) {
          next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  const scopeName = scope.system
    ? `system ${humanizeRef(scope.system)}`
    : scope.owner && `components owned by ${humanizeRef(scope.owner)}`;

  return (
    <Page themeId="tool">
      <Header
        title="Configuration audit"
        subtitle="What runs where, what changed without an approved release, and what changed since a baseline"
        type="Releases"
        typeLink={releasesLink()}
      />
      <Content>
        <Box mb={2}>
          <BackLink to={releasesLink()}>All releases</BackLink>
        </Box>
        <ScopeFilters
          owner={scope.owner ?? ''}
          system={scope.system ?? ''}
          onChange={setScope}
        />
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <VersionsMatrixCard
              scope={scope}
              emptyMessage={
                scopeName
                  ? `No deployments have been recorded for the ${scopeName} yet.`
                  : 'No deployments have been recorded yet.'
              }
            />
          </Grid>
          <Grid item xs={12}>
            <DeploymentHistory
              idPrefix="audit-unauthorized"
              scope={scope}
              title="Unauthorized changes"
              subtitle="Deployments to gated environments without a release in deploy, newest first"
              fixed={{ authorized: false }}
              filterable={false}
              emptyMessage="No unauthorized changes: every deployment to a gated environment was part of a release in deploy."
              exportWhat="unauthorized changes"
            />
          </Grid>
          <Grid item xs={12}>
            {created && (
              <Box mb={2}>
                <Alert severity="success" onClose={() => setCreated(undefined)}>
                  {`Baseline “${created.name}” saved with ${
                    created.itemCount
                  } versions of ${describeBaselineScope(created.scope)}.`}
                </Alert>
              </Box>
            )}
            <BaselinesCard
              baselines={baselines.value}
              error={baselines.error}
              onCreate={() => setCreating(true)}
              onCompare={(baselineId, against) =>
                setComparison({ baselineId, against })
              }
            />
          </Grid>
          {comparison && (
            <Grid item xs={12}>
              <BaselineDiffCard
                baselineId={comparison.baselineId}
                against={comparison.against}
                baselines={baselines.value?.items ?? []}
                onClose={() => setComparison(undefined)}
              />
            </Grid>
          )}
        </Grid>
        <CreateBaselineDialog
          open={creating}
          initialScope={scope}
          onClose={() => setCreating(false)}
          onCreated={baseline => {
            setCreating(false);
            setCreated(baseline);
            baselines.retry();
          }}
        />
      </Content>
    </Page>
  );
}
