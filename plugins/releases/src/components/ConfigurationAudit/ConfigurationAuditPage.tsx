import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { Baseline } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader, useUrlState } from '../../hooks';
import { EntityName } from '../shared/EntityName';
import { FilterBar } from '../shared/FilterBar';
import { useFilterFields } from '../shared/filterFields';
import { useReleasesT } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { DeploymentHistory, VersionsMatrixCard } from '../Versions';
import { BaselineDiffCard } from './BaselineDiffCard';
import { BaselinesCard } from './BaselinesCard';
import { CreateBaselineDialog } from './CreateBaselineDialog';
import { BaselineScopeName } from './BaselineScopeName';
import { scopeFromParams } from './scope';

const BASELINES_LIMIT = 100;

/**
 * What runs where across the portfolio, what changed without an approved
 * release, and how today compares with saved baselines.
 */
export function ConfigurationAuditPage() {
  const releasesApi = useApi(releasesApiRef);
  const t = useReleasesT();
  const fields = useFilterFields();
  const { state: scope, update } = useUrlState(scopeFromParams);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Baseline>();
  const [comparison, setComparison] = useState<{
    baselineId: string;
    against: string;
  }>();

  const baselines = useLoader(
    () => releasesApi.listBaselines({ limit: BASELINES_LIMIT }),
    [releasesApi],
  );

  const scopeName = scope.system ? (
    <EntityName entityRef={scope.system} defaultKind="system" />
  ) : (
    scope.owner && <EntityName entityRef={scope.owner} defaultKind="group" />
  );

  return (
    <ReleasesPageLayout
      title={t('pages.audit.title')}
      subtitle={t('pages.audit.subtitle')}
    >
      <FilterBar
        idPrefix="audit-scope"
        // The backend takes one of owner or system: choosing one clears the other.
        onChange={(key, value) =>
          update({ owner: '', system: '', [key]: value })
        }
        fields={[
          fields.owner(scope.owner ?? '', 4),
          fields.system(scope.system ?? '', 4),
        ]}
      >
        <Typography variant="caption" color="textSecondary">
          {t('audit.scopeNote')}
        </Typography>
      </FilterBar>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <VersionsMatrixCard
            scope={scope}
            emptyMessage={
              scopeName ? (
                <>
                  {t('audit.noDeploymentsFor')} {scopeName}
                </>
              ) : (
                t('audit.noDeployments')
              )
            }
          />
        </Grid>
        <Grid item xs={12}>
          <DeploymentHistory
            idPrefix="audit-unauthorized"
            scope={scope}
            title={t('audit.unauthorizedTitle')}
            subtitle={t('audit.unauthorizedSubtitle')}
            // A failed deployment changed nothing: it is no unauthorized change.
            fixed={{ authorized: false, status: 'succeeded' }}
            filterable={false}
            emptyMessage={t('audit.noUnauthorized')}
            exportWhat={t('audit.unauthorizedExport')}
          />
        </Grid>
        <Grid item xs={12}>
          {created && (
            <Box mb={2}>
              <Alert severity="success" onClose={() => setCreated(undefined)}>
                {t('audit.baselineSaved', {
                  name: created.name,
                  items: String(created.itemCount),
                })}{' '}
                <BaselineScopeName scope={created.scope} />.
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
    </ReleasesPageLayout>
  );
}
