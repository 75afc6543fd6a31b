module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // A tool run from the repository, never bundled: paths are relative to it.
    'no-restricted-syntax': 'off',
    // The query plans come from the plugin's own stores, imported directly.
    '@backstage/no-forbidden-package-imports': 'off',
    '@backstage/no-mixed-plugin-imports': 'off',
  },
});
