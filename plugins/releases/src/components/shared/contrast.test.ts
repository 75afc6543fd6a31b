import { createTheme, getContrastRatio } from '@material-ui/core/styles';
import { solidStatus, statusText } from './contrast';

// Material UI's default palettes, which Backstage's themes keep for status colours.
const lightTheme = createTheme();
const darkTheme = createTheme({ palette: { type: 'dark' } });

describe('status colours', () => {
  it.each(['error', 'success', 'info', 'warning'] as const)(
    'white text on a %s fill reads at WCAG AA',
    color => {
      const { backgroundColor, color: text } = solidStatus(lightTheme, color);
      expect(getContrastRatio(text, backgroundColor)).toBeGreaterThanOrEqual(
        4.5,
      );
    },
  );

  it.each([
    ['light', lightTheme],
    ['dark', darkTheme],
  ] as const)('success text reads at WCAG AA on a %s theme', (_, theme) => {
    const text = statusText(theme, 'success');
    for (const background of [
      theme.palette.background.paper,
      theme.palette.background.default,
    ]) {
      expect(getContrastRatio(text, background)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('leaves a fill alone that already reads', () => {
    const theme = {
      ...lightTheme,
      palette: {
        ...lightTheme.palette,
        error: { ...lightTheme.palette.error, main: '#b71c1c' },
      },
    };
    expect(solidStatus(theme, 'error').backgroundColor).toBe('#b71c1c');
  });
});
