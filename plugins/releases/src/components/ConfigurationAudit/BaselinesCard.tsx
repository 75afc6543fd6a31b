import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Baseline, Page } from '@backstage-itsm/plugin-releases-common';
import { formatDateTime } from '../shared/format';
import { ActorView } from '../Versions/VersionCellView';
import { baselineScopeParts, SCOPE_KIND_LABELS } from './scope';

const useStyles = makeStyles({
  nowrap: { whiteSpace: 'nowrap' },
});

function CompareWithOther(props: {
  baseline: Baseline;
  others: Baseline[];
  onCompare: (against: string) => void;
}) {
  const { baseline, others, onCompare } = props;
  const classes = useStyles();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = `compare-${baseline.id}`;
  return (
    <>
      <Button
        size="small"
        className={classes.nowrap}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        disabled={others.length === 0}
        endIcon={<ArrowDropDownIcon />}
        onClick={event => setAnchor(event.currentTarget)}
      >
        Compare with baseline
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
      >
        {others.map(other => (
          <MenuItem
            key={other.id}
            onClick={() => {
              setAnchor(null);
              onCompare(other.id);
            }}
          >
            {`${other.name} (${formatDateTime(other.createdAt)})`}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

export interface BaselinesCardProps {
  baselines?: Page<Baseline>;
  error?: Error;
  onCreate: () => void;
  onCompare: (baselineId: string, against: string) => void;
}

/** Saved snapshots of what ran where, to compare with now or with each other. */
export function BaselinesCard(props: BaselinesCardProps) {
  const { baselines, error, onCreate, onCompare } = props;
  const classes = useStyles();

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!baselines) {
    content = <Progress />;
  } else if (baselines.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No baselines yet. Create one to record what runs where now, and compare
        with it later.
      </Typography>
    );
  } else {
    content = (
      <>
        {baselines.totalCount > baselines.items.length && (
          <Typography variant="caption" color="textSecondary" paragraph>
            The latest {baselines.items.length} of {baselines.totalCount}{' '}
            baselines.
          </Typography>
        )}
        <TableContainer>
          <Table size="small" aria-label="Baselines">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Scope</TableCell>
                <TableCell>Created by</TableCell>
                <TableCell>Created</TableCell>
                <TableCell align="right" className={classes.nowrap}>
                  Items
                </TableCell>
                <TableCell align="right">Compare</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {baselines.items.map(baseline => (
                <TableRow key={baseline.id}>
                  <TableCell component="th" scope="row" role="rowheader">
                    {baseline.name}
                  </TableCell>
                  <TableCell>
                    <ScopeView baseline={baseline} />
                  </TableCell>
                  <TableCell className={classes.nowrap}>
                    <ActorView actor={baseline.createdBy} />
                  </TableCell>
                  <TableCell className={classes.nowrap}>
                    {formatDateTime(baseline.createdAt)}
                  </TableCell>
                  <TableCell align="right">{baseline.itemCount}</TableCell>
                  <TableCell>
                    <Box display="flex" gridGap={8} justifyContent="flex-end">
                      <Button
                        size="small"
                        color="primary"
                        variant="outlined"
                        className={classes.nowrap}
                        onClick={() => onCompare(baseline.id, 'current')}
                      >
                        Compare with now
                      </Button>
                      <CompareWithOther
                        baseline={baseline}
                        others={baselines.items.filter(
                          b => b.id !== baseline.id,
                        )}
                        onCompare={against => onCompare(baseline.id, against)}
                      />
                    </Box>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </>
    );
  }

  return (
    <InfoCard
      title="Baselines"
      titleTypographyProps={{ component: 'h3' }}
      subheader="Snapshots of the versions in each environment, to compare with now or with each other"
      action={
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={onCreate}
        >
          Create baseline
        </Button>
      }
    >
      {content}
    </InfoCard>
  );
}

function ScopeView(props: { baseline: Baseline }) {
  const { kind, ref } = baselineScopeParts(props.baseline.scope);
  return (
    <>
      {`${SCOPE_KIND_LABELS[kind]} `}
      <EntityRefLink entityRef={ref} />
    </>
  );
}
