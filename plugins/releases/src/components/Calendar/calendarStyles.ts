import { alpha, darken, makeStyles, Theme } from '@material-ui/core/styles';
import { ReleaseType } from '@backstage-itsm/plugin-releases-common';
import { solidStatus, statusText } from '../shared/contrast';

/** One colour per release type, the same as the type chips use. */
export function typeColors(
  theme: Theme,
): Record<ReleaseType, { background: string; color: string }> {
  return {
    minor: {
      background: theme.palette.primary.main,
      color: theme.palette.primary.contrastText,
    },
    major: {
      background: theme.palette.warning.main,
      color: theme.palette.getContrastText(theme.palette.warning.main),
    },
    emergency: {
      background: solidStatus(theme, 'error').backgroundColor,
      color: solidStatus(theme, 'error').color,
    },
  };
}

function hatch(color: string, angle: number): string {
  return `repeating-linear-gradient(${angle}deg, ${alpha(
    color,
    0.22,
  )} 0 4px, transparent 4px 11px)`;
}

/** Freezes: a cool blue hatch; maintenance: a grey hatch. */
export function windowShades(theme: Theme) {
  return {
    freeze: hatch(theme.palette.info.main, 135),
    maintenance: hatch(theme.palette.grey[600], 45),
  };
}

/** How one freeze or maintenance window is drawn, and its name written. */
export interface WindowAppearance {
  /** A hatch that can be layered over another window's. */
  background: string;
  border: string;
  /** Text in the window's colour, dark enough to read on white. */
  text: string;
}

/** Colours and hatch angles, so that windows which overlap stay apart. */
const FREEZE_COLORS = [
  '#1565c0',
  '#6a1b9a',
  '#00695c',
  '#ad1457',
  '#4e342e',
  '#283593',
];
const MAINTENANCE_COLORS = ['#616161', '#5d4037', '#455a64'];
const ANGLES = [135, 45, 0, 90, 160, 20];

/**
 * One appearance per window name, in the order the windows first appear:
 * freezes in distinct colours, maintenance in greys, each with its own hatch
 * angle, so that a day covered by two windows shows both.
 */
export function windowAppearances(
  occurrences: { window: string; kind: 'freeze' | 'maintenance' }[],
): Map<string, WindowAppearance> {
  const result = new Map<string, WindowAppearance>();
  let freezes = 0;
  let maintenance = 0;
  for (const occurrence of occurrences) {
    if (result.has(occurrence.window)) {
      continue;
    }
    const isMaintenance = occurrence.kind === 'maintenance';
    const index = isMaintenance ? maintenance++ : freezes++;
    const palette = isMaintenance ? MAINTENANCE_COLORS : FREEZE_COLORS;
    const color = palette[index % palette.length];
    const angle =
      ANGLES[(result.size + (isMaintenance ? 1 : 0)) % ANGLES.length];
    result.set(occurrence.window, {
      background: hatch(color, angle),
      border: `1px dashed ${alpha(color, 0.7)}`,
      text: darken(color, 0.15),
    });
  }
  return result;
}

export const conflictBorder = (theme: Theme) =>
  darken(theme.palette.error.main, 0.35);

export const useCalendarStyles = makeStyles(theme => {
  const colors = typeColors(theme);
  const shades = windowShades(theme);
  const border = theme.palette.divider;
  return {
    root: {
      fontFamily: theme.typography.fontFamily,
      fontSize: theme.typography.body2.fontSize,
      color: theme.palette.text.primary,
      '& .rbc-month-view, & .rbc-time-view, & .rbc-agenda-view table.rbc-agenda-table':
        {
          borderColor: border,
          borderRadius: theme.shape.borderRadius,
          backgroundColor: theme.palette.background.paper,
        },
      '& .rbc-header': {
        borderColor: border,
        padding: theme.spacing(0.75, 0.5),
        fontWeight: theme.typography.fontWeightMedium,
        color: theme.palette.text.secondary,
        textTransform: 'uppercase',
        fontSize: theme.typography.caption.fontSize,
        letterSpacing: '0.05em',
      },
      '& .rbc-month-row + .rbc-month-row, & .rbc-day-bg + .rbc-day-bg, & .rbc-header + .rbc-header, & .rbc-time-content, & .rbc-time-content > * + * > *, & .rbc-time-header-content, & .rbc-timeslot-group, & .rbc-day-slot .rbc-time-slot, & .rbc-time-view .rbc-row, & .rbc-agenda-view table.rbc-agenda-table tbody > tr > td + td, & .rbc-agenda-view table.rbc-agenda-table tbody > tr + tr, & .rbc-agenda-view table.rbc-agenda-table thead > tr > th':
        {
          borderColor: border,
        },
      '& .rbc-off-range-bg': {
        backgroundColor: theme.palette.background.default,
      },
      // Days of the neighbouring months: quieter, still readable (WCAG AA).
      '& .rbc-off-range': {
        color:
          theme.palette.type === 'dark'
            ? theme.palette.text.secondary
            : theme.palette.grey[700],
      },
      '& .rbc-today': {
        backgroundColor: alpha(theme.palette.primary.main, 0.06),
      },
      '& .rbc-date-cell': {
        padding: theme.spacing(0.5, 0.75, 0),
        textAlign: 'left',
      },
      '& .rbc-date-cell.rbc-now .rbc-button-link': {
        color: theme.palette.primary.main,
        fontWeight: theme.typography.fontWeightBold,
      },
      '& .rbc-button-link': {
        fontFamily: 'inherit',
        color: 'inherit',
      },
      '& .rbc-event, & .rbc-day-slot .rbc-background-event': {
        borderRadius: theme.shape.borderRadius,
        padding: theme.spacing(0.25, 0.75),
        fontSize: theme.typography.caption.fontSize,
        lineHeight: 1.5,
      },
      // Windows overlap each other instead of sharing the column's width.
      '& .rbc-day-slot .rbc-background-event': {
        left: '0 !important',
        width: '100% !important',
      },
      '& .rbc-event:focus, & .rbc-event:focus-within': {
        outline: `2px solid ${theme.palette.text.primary}`,
        outlineOffset: 1,
      },
      '& .rbc-show-more': {
        color: theme.palette.primary.main,
        backgroundColor: 'transparent',
        fontFamily: 'inherit',
        fontWeight: theme.typography.fontWeightMedium,
      },
      '& .rbc-overlay': {
        boxShadow: theme.shadows[8],
        border: 'none',
        borderRadius: theme.shape.borderRadius,
        backgroundColor: theme.palette.background.paper,
      },
      '& .rbc-current-time-indicator': {
        backgroundColor: theme.palette.error.main,
      },
      '& .rbc-label, & .rbc-time-gutter': {
        color: theme.palette.text.secondary,
        fontSize: theme.typography.caption.fontSize,
      },
      '& .rbc-agenda-view table.rbc-agenda-table': {
        border: `1px solid ${border}`,
      },
      '& .rbc-agenda-date-cell, & .rbc-agenda-time-cell': {
        color: theme.palette.text.secondary,
        whiteSpace: 'nowrap',
      },
      '& .rbc-agenda-empty': {
        padding: theme.spacing(2),
        color: theme.palette.text.secondary,
      },
    },
    // Month cells a window touches; week columns get background events instead.
    freezeDay: { background: shades.freeze },
    maintenanceDay: { background: shades.maintenance },
    freezeWindow: {
      '&&': {
        background: shades.freeze,
        border: `1px dashed ${alpha(theme.palette.info.main, 0.6)}`,
        color: theme.palette.info.dark,
        opacity: 1,
        fontWeight: theme.typography.fontWeightMedium,
      },
    },
    maintenanceWindow: {
      '&&': {
        background: shades.maintenance,
        border: `1px dashed ${theme.palette.grey[500]}`,
        color: theme.palette.text.secondary,
        opacity: 1,
        fontWeight: theme.typography.fontWeightMedium,
      },
    },
    minor: {
      '&&': {
        backgroundColor: colors.minor.background,
        color: colors.minor.color,
      },
    },
    major: {
      '&&': {
        backgroundColor: colors.major.background,
        color: colors.major.color,
      },
    },
    emergency: {
      '&&': {
        backgroundColor: colors.emergency.background,
        color: colors.emergency.color,
      },
    },
    conflicted: {
      '&&': {
        border: `2px solid ${conflictBorder(theme)}`,
        boxShadow: `inset 0 0 0 1px ${theme.palette.common.white}`,
      },
    },
    // Finished releases: greyed, not faded, so their text keeps its contrast.
    closed: {
      '&&': { filter: 'grayscale(0.8)' },
    },
  };
});

/**
 * Milestone and task markers: small outlined tags, apart from the filled
 * release bars. A milestone's state shows in its colour as well as its words:
 * late is filled red, in its buffer amber, done and cancelled greyed.
 */
/** One line of a calendar entry: icon and text side by side, cut at the cell's edge. */
export const entryLine = (theme: Theme) =>
  ({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  } as const);

export const usePlanMarkerStyles = makeStyles(theme => {
  const late = solidStatus(theme, 'error');
  // A phase left behind, or a release given up: no longer asks for attention.
  const settled = {
    color: theme.palette.text.secondary,
    backgroundColor: theme.palette.background.default,
    borderLeftColor: theme.palette.grey[500],
  };
  return {
    marker: {
      '&&': {
        backgroundColor: theme.palette.background.paper,
        color: theme.palette.text.primary,
        border: `1px solid ${theme.palette.divider}`,
        borderLeft: `4px solid ${theme.palette.primary.main}`,
        borderRadius: theme.shape.borderRadius,
        padding: theme.spacing(0, 0.5),
        fontSize: theme.typography.caption.fontSize,
        lineHeight: 1.5,
      },
    },
    /** A marker outside the grid: the agenda's rows, the legend. */
    inline: {
      display: 'inline-flex',
      alignItems: 'center',
      maxWidth: '100%',
    },
    on_track: {},
    in_buffer: {
      '&&': {
        backgroundColor: alpha(theme.palette.warning.main, 0.16),
        borderColor: theme.palette.warning.main,
      },
    },
    late: {
      '&&': {
        ...late,
        borderColor: late.backgroundColor,
        fontWeight: theme.typography.fontWeightBold,
      },
    },
    done: { '&&': settled },
    cancelled: { '&&': { ...settled, textDecoration: 'line-through' } },
    task: {
      '&&': {
        borderStyle: 'dashed',
        borderLeft: `4px solid ${statusText(theme, 'info')}`,
      },
    },
  };
});
