import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import {
  Release,
  RiskFactor,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';
import { formatDateTime } from '../shared/format';
import { solidStatus } from '../shared/contrast';

const LEVEL_LABELS: Record<RiskLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export const FACTOR_LABELS: Record<RiskFactor['factor'], string> = {
  type: 'Release type',
  dependents: 'Dependent components',
  change_failure_rate: 'Change failure rate',
  freeze_proximity: 'Freeze proximity',
  lead_time: 'Lead time',
};

/** A built-in factor's name, a module factor's label, or its id in words (`open_incidents` → "Open incidents"). */
function factorLabel(reason: RiskFactor): string {
  const words = reason.factor.replace(/[_-]+/g, ' ').trim();
  return (
    FACTOR_LABELS[reason.factor] ??
    reason.label ??
    (words ? words.charAt(0).toUpperCase() + words.slice(1) : reason.factor)
  );
}

const useStyles = makeStyles(theme => ({
  chip: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  low: {
    ...solidStatus(theme, 'success'),
  },
  medium: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  high: {
    ...solidStatus(theme, 'error'),
  },
  reasons: {
    listStyle: 'none',
    margin: theme.spacing(1, 0),
    padding: 0,
  },
  reason: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  points: {
    whiteSpace: 'nowrap',
    marginLeft: theme.spacing(2),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

export function RiskLevelChip(props: { level: RiskLevel }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={LEVEL_LABELS[props.level] ?? props.level}
      className={`${classes.chip} ${classes[props.level] ?? ''}`}
    />
  );
}

function formatPoints(points: number): string {
  const sign = points > 0 ? '+' : '';
  return `${sign}${points} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

/** The release's risk level and score, and what made it up. */
export function RiskCard(props: { release: Release }) {
  const { risk } = props.release;
  const classes = useStyles();
  return (
    <InfoCard title="Risk" titleTypographyProps={{ component: 'h3' }}>
      {!risk ? (
        <Typography variant="body2" color="textSecondary">
          No risk score has been computed for this release yet.
        </Typography>
      ) : (
        <>
          <Box display="flex" alignItems="center" gridGap={12}>
            <RiskLevelChip level={risk.level} />
            <Typography variant="body1">
              Score <strong>{risk.score}</strong> of 100
            </Typography>
          </Box>
          {risk.reasons.length === 0 ? (
            <Box mt={2}>
              <Typography variant="body2" color="textSecondary">
                Nothing raised the risk of this release.
              </Typography>
            </Box>
          ) : (
            <ul aria-label="Risk factors" className={classes.reasons}>
              {risk.reasons.map((reason, index) => (
                <li
                  key={`${reason.factor}-${index}`}
                  className={classes.reason}
                >
                  <Box>
                    <Typography variant="body2">
                      {factorLabel(reason)}
                    </Typography>
                    <Typography variant="body2" color="textSecondary">
                      {reason.detail}
                    </Typography>
                  </Box>
                  <Typography variant="body2" className={classes.points}>
                    {formatPoints(reason.points)}
                  </Typography>
                </li>
              ))}
            </ul>
          )}
          <Typography variant="caption" color="textSecondary">
            Computed {formatDateTime(risk.computedAt)}
          </Typography>
        </>
      )}
    </InfoCard>
  );
}
