import { useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@material-ui/lab/Alert';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Baseline,
  BaselineDiff,
  BaselineDiffEntry,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { ExportButtons } from '../Versions';
import { useReleasesT } from '../shared/labels';
import { BaselineScopeName } from './BaselineScopeName';
import { sameScope } from './scope';
import { solidStatus } from '../shared/contrast';

const useStyles = makeStyles(theme => ({
  chip: { margin: 0, height: 20 },
  added: {
    ...solidStatus(theme, 'success'),
  },
  removed: {
    backgroundColor: theme.palette.grey[600],
    color: theme.palette.common.white,
  },
  changed: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

const CHANGE_LABELS: Record<BaselineDiffEntry['change'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
};

function ChangeChip(props: { change: BaselineDiffEntry['change'] }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={CHANGE_LABELS[props.change] ?? props.change}
      className={`${classes.chip} ${classes[props.change] ?? ''}`}
    />
  );
}

/** `2 added, 1 removed, 3 changed, 30 unchanged` */
export function summaryLine(summary: BaselineDiff['summary']): string {
  return `${summary.added} added, ${summary.removed} removed, ${summary.changed} changed, ${summary.unchanged} unchanged`;
}

export interface BaselineDiffCardProps {
  baselineId: string;
  /** `current` or another baseline's id. */
  against: string;
  /** Known baselines, to name the compared ones before the answer arrives. */
  baselines: Baseline[];
  onClose: () => void;
}

/** What changed between a baseline and now, or between two baselines. */
export function BaselineDiffCard(props: BaselineDiffCardProps) {
  const { baselineId, against, baselines, onClose } = props;
  const releasesApi = useApi(releasesApiRef);
  const cardRef = useRef<HTMLDivElement>(null);
  const t = useReleasesT();
  const state = useLoader(
    () => releasesApi.diffBaseline(baselineId, against),
    [releasesApi, baselineId, against],
  );

  useEffect(() => {
    cardRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [baselineId, against]);

  const nameOf = (id: string) =>
    (state.value?.baseline.id === id && state.value.baseline.name) ||
    baselines.find(b => b.id === id)?.name ||
    'a baseline';
  const title =
    against === 'current'
      ? `“${nameOf(baselineId)}” compared with now`
      : `“${nameOf(baselineId)}” compared with “${nameOf(against)}”`;
  const afterLabel = against === 'current' ? 'now' : `in “${nameOf(against)}”`;

  let content;
  if (state.error) {
    content = <ResponseErrorPanel error={state.error} />;
  } else if (!state.value) {
    content = <Progress />;
  } else {
    const diff = state.value;
    const other =
      against === 'current' ? undefined : baselines.find(b => b.id === against);
    content = (
      <>
        {other && !sameScope(diff.baseline.scope, other.scope) && (
          <Box mb={2}>
            <Alert severity="warning" role="alert">
              {t('audit.scopesDiffer')} “{diff.baseline.name}”:{' '}
              <BaselineScopeName scope={diff.baseline.scope} />; “{other.name}”:{' '}
              <BaselineScopeName scope={other.scope} />.{' '}
              {t('audit.scopesDifferHint')}
            </Alert>
          </Box>
        )}
        <Typography variant="body1" paragraph>
          <strong>{summaryLine(diff.summary)}</strong>
        </Typography>
        {diff.entries.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            Nothing changed: every version is as the baseline recorded it.
          </Typography>
        ) : (
          <TableContainer>
            <Table size="small" aria-label="Differences">
              <TableHead>
                <TableRow>
                  <TableCell>Component</TableCell>
                  <TableCell>Environment</TableCell>
                  <TableCell>Change</TableCell>
                  <TableCell>{`In the baseline → ${afterLabel}`}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {diff.entries.map(entry => (
                  <TableRow key={`${entry.entityRef} ${entry.environment}`}>
                    <TableCell>
                      <EntityRefLink
                        entityRef={entry.entityRef}
                        defaultKind="component"
                      />
                    </TableCell>
                    <TableCell>{entry.environment}</TableCell>
                    <TableCell>
                      <ChangeChip change={entry.change} />
                    </TableCell>
                    <TableCell>
                      {`${entry.before ?? '—'} → ${entry.after ?? '—'}`}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </>
    );
  }

  return (
    <div ref={cardRef}>
      <InfoCard
        title={title}
        titleTypographyProps={{ component: 'h3' }}
        subheader="Versions that were added, removed or changed since the baseline was taken"
        action={
          <Box display="flex" gridGap={8} alignItems="flex-start">
            <ExportButtons
              request={{ list: 'baseline-diff', baselineId, against }}
              what="comparison"
            />
            <Button size="small" onClick={onClose}>
              Close comparison
            </Button>
          </Box>
        }
      >
        {content}
      </InfoCard>
    </div>
  );
}
