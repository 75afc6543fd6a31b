import {
  darken,
  getContrastRatio,
  lighten,
  Theme,
} from '@material-ui/core/styles';

type StatusColor = 'error' | 'success' | 'info' | 'warning';

/** WCAG AA for normal-size text, with a little room for striped rows. */
const AA = 4.6;

/**
 * A chip or bar filled with a status colour and white text at WCAG AA
 * contrast: the theme's shade, darkened until white text reads on it (the
 * `main` shades of MUI's default palette do not: white on #f44336 is 3.7:1).
 */
export function solidStatus(
  theme: Theme,
  color: StatusColor,
): { backgroundColor: string; color: string } {
  const text = theme.palette.common.white;
  let background = theme.palette[color].main;
  for (let i = 0; i < 10 && getContrastRatio(text, background) < AA; i++) {
    background = darken(background, 0.1);
  }
  return { backgroundColor: background, color: text };
}

/**
 * Text in a status colour that reads at WCAG AA on the page and on cards:
 * darkened on a light theme, lightened on a dark one.
 */
export function statusText(theme: Theme, color: StatusColor): string {
  const backgrounds = [
    theme.palette.background.paper,
    theme.palette.background.default,
  ];
  const dark = theme.palette.type === 'dark';
  const reads = (text: string) =>
    backgrounds.every(b => getContrastRatio(text, b) >= AA);
  let text = dark ? theme.palette[color].light : theme.palette[color].dark;
  for (let i = 0; i < 10 && !reads(text); i++) {
    text = dark ? lighten(text, 0.1) : darken(text, 0.1);
  }
  return text;
}
