import { ReactNode, useState } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import LockIcon from '@material-ui/icons/Lock';
import { makeStyles } from '@material-ui/core/styles';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { useLoader } from '../../hooks';
import { ExportButtons } from './ExportButtons';
import { compactScope } from './labels';
import { VersionCellView } from './VersionCellView';

const useStyles = makeStyles(theme => ({
  drifted: {
    backgroundColor: theme.palette.background.default,
  },
  cell: {
    verticalAlign: 'top',
    minWidth: 140,
  },
}));

export interface VersionsMatrixCardProps {
  scope: ScopeOptions;
  /** What an empty matrix says. */
  emptyMessage?: ReactNode;
  pageSize?: number;
}

/** What each component runs in each environment, in pipeline order, paged by component. */
export function VersionsMatrixCard(props: VersionsMatrixCardProps) {
  const {
    emptyMessage = 'No deployments have been recorded for these components yet.',
  } = props;
  const classes = useStyles();
  const releasesApi = useApi(releasesApiRef);
  const scope = compactScope(props.scope);
  const scopeKey = JSON.stringify(scope);
  const [pageSize, setPageSize] = useState(props.pageSize ?? 20);
  const [page, setPage] = useState({ scopeKey, number: 0 });
  // A new scope starts again at the first page.
  const pageNumber = page.scopeKey === scopeKey ? page.number : 0;

  const state = useLoader(
    () =>
      releasesApi.getVersions({
        ...scope,
        limit: pageSize,
        offset: pageNumber * pageSize,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [releasesApi, scopeKey, pageSize, pageNumber],
  );

  const matrix = state.value;
  const environments = [...(matrix?.environments ?? [])].sort(
    (a, b) => a.order - b.order,
  );

  let content;
  if (state.error) {
    content = <ResponseErrorPanel error={state.error} />;
  } else if (!matrix) {
    content = <Progress />;
  } else if (matrix.totalCount === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        {emptyMessage}
      </Typography>
    );
  } else {
    content = (
      <>
        {state.loading && <Progress />}
        <TableContainer>
          <Table size="small" aria-label="Versions per environment">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  Component
                </TableCell>
                {environments.map(env => (
                  <TableCell key={env.name} component="th" scope="col">
                    {env.name}
                    {env.gated && (
                      <Tooltip title="Deploying here needs a release in the deploy phase">
                        <Typography
                          variant="caption"
                          color="textSecondary"
                          component="div"
                        >
                          <Box display="flex" alignItems="center" gridGap={2}>
                            <LockIcon fontSize="inherit" aria-hidden />
                            Gated
                          </Box>
                        </Typography>
                      </Tooltip>
                    )}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {matrix.rows.map(row => (
                <TableRow
                  key={row.entityRef}
                  className={row.drifted ? classes.drifted : undefined}
                >
                  <TableCell
                    component="th"
                    scope="row"
                    role="rowheader"
                    className={classes.cell}
                  >
                    <EntityRefLink
                      entityRef={row.entityRef}
                      defaultKind="component"
                    />
                  </TableCell>
                  {environments.map(env => {
                    const cell = row.environments[env.name];
                    return (
                      <TableCell key={env.name} className={classes.cell}>
                        {cell ? (
                          <VersionCellView cell={cell} />
                        ) : (
                          <Typography variant="body2" color="textSecondary">
                            Not deployed
                          </Typography>
                        )}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <TablePagination
          component="div"
          count={matrix.totalCount}
          page={pageNumber}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[10, 20, 50, 100]}
          labelRowsPerPage="Components per page"
          onPageChange={(_event, number) => setPage({ scopeKey, number })}
          onRowsPerPageChange={event => {
            setPageSize(Number(event.target.value));
            setPage({ scopeKey, number: 0 });
          }}
        />
      </>
    );
  }

  return (
    <InfoCard
      title="Versions per environment"
      titleTypographyProps={{ component: 'h3' }}
      subheader="The version each component runs now, with drift between environments and changes made without an approved release"
      action={
        <ExportButtons
          request={{ list: 'versions', options: scope }}
          what="versions per environment"
        />
      }
    >
      {content}
    </InfoCard>
  );
}
