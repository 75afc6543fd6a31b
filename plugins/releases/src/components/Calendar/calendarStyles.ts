import { alpha, darken, makeStyles, Theme } from '@material-ui/core/styles';
import { ReleaseType } from '@backstage-itsm/plugin-releases-common';

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
      background: theme.palette.error.main,
      color: theme.palette.error.contrastText,
    },
  };
}

/** Freezes: a cool blue hatch; maintenance: a grey hatch. */
export function windowShades(theme: Theme) {
  const hatch = (color: string) =>
    `repeating-linear-gradient(135deg, ${alpha(color, 0.16)} 0 6px, ${alpha(
      color,
      0.07,
    )} 6px 12px)`;
  return {
    freeze: hatch(theme.palette.info.main),
    maintenance: hatch(theme.palette.grey[600]),
  };
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
      '& .rbc-off-range': {
        color: theme.palette.text.disabled,
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
    closed: {
      '&&': { opacity: 0.6 },
    },
  };
});
