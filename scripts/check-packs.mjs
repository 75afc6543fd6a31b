// Runs inside the throw-away adopter project made by scripts/check-packs.sh (not in the
// repository): checks that every public entry point of every installed tarball resolves,
// type-checks and loads. Entry points are the keys of each packed package.json's exports
// map (`.`, `./alpha`, `./testUtils`), except `./package.json`.
//
// Limits, stated:
// - Loading the frontend plugin: its dist is ES modules for an app bundler, so it is bundled
//   with esbuild (every import, ours and third-party, must resolve in this project, as in an
//   app build; CSS imported by dependencies is ignored) and the bundle is run in Node with a
//   jsdom window. That runs the modules' top level (plugin, route refs, API refs, extension
//   blueprints), not a rendering of the pages: rendering is covered by the repository's tests.
// - Type-checking uses skipLibCheck false, so the declaration files of our packages and of
//   everything they reference are checked too.
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(path.resolve('package.json'));
const packages = JSON.parse(fs.readFileSync('packages.json', 'utf8'));
const failures = [];
const fail = (what, error) => {
  failures.push(what);
  console.error(
    `FAIL ${what}\n${String(error?.stack ?? error)
      .split('\n')
      .slice(0, 12)
      .join('\n')}`,
  );
};

const entries = [];
for (const pkg of packages) {
  const keys = pkg.exports
    ? Object.keys(pkg.exports).filter(k => k !== './package.json')
    : ['.'];
  for (const key of keys) {
    entries.push({
      pkg,
      key,
      specifier: key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`,
    });
  }
}
const isFrontend = pkg =>
  ['frontend-plugin', 'frontend-plugin-module', 'web-library'].includes(
    pkg.role,
  );

// 1. Resolves: the JavaScript and the types of each entry point exist in the installed package.
for (const { pkg, key, specifier } of entries) {
  try {
    const dir = path.dirname(require.resolve(`${pkg.name}/package.json`));
    const target = pkg.exports ? pkg.exports[key] : { default: pkg.main };
    // values such as `backstage: '@backstage/FrontendPlugin'` are metadata, not files
    const files = (
      typeof target === 'string' ? [target] : Object.values(target)
    ).filter(file => typeof file === 'string' && file.startsWith('./'));
    for (const file of files) {
      if (!fs.existsSync(path.join(dir, file)))
        throw new Error(`${file} is missing from the tarball`);
    }
    if (!isFrontend(pkg)) require.resolve(specifier);
    console.log(`resolves    ${specifier}`);
  } catch (error) {
    fail(`resolve ${specifier}`, error);
  }
}

// 2. Type-checks: one file importing every entry point, compiled the way an app compiles.
const lines = entries.map(
  ({ specifier }, i) => `import * as entry${i} from '${specifier}';`,
);
lines.push(
  `export const all = [${entries.map((_, i) => `entry${i}`).join(', ')}];`,
);
lines.push(
  `for (const entry of all) if (Object.keys(entry).length === 0) throw new Error('empty');`,
);
fs.writeFileSync('check.ts', `${lines.join('\n')}\n`);
// Both runs at once (about 40 s together on two cores).
const runTsc = promisify(execFile);
await Promise.all(
  ['bundler', 'node10'].map(async moduleResolution => {
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        target: 'ES2022',
        lib: ['DOM', 'DOM.Iterable', 'ES2023'],
        module: moduleResolution === 'bundler' ? 'ES2020' : 'CommonJS',
        moduleResolution,
        jsx: 'react-jsx',
        esModuleInterop: true,
        // jest: the `./testUtils` entry of -node is for tests and uses jest's types
        types: ['node', 'jest'],
      },
      files: ['check.ts'],
    };
    fs.writeFileSync(
      `tsconfig.${moduleResolution}.json`,
      JSON.stringify(tsconfig, null, 2),
    );
    const started = Date.now();
    try {
      await runTsc(
        process.execPath,
        [
          require.resolve('typescript/bin/tsc'),
          '-p',
          `tsconfig.${moduleResolution}.json`,
          '--pretty',
          'false',
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      console.log(
        `type-checks every entry point (moduleResolution ${moduleResolution}, skipLibCheck false)`,
      );
      console.log(
        `            (${Math.round((Date.now() - started) / 1000)} s)`,
      );
    } catch (error) {
      fail(
        `type-check (moduleResolution ${moduleResolution})`,
        `${error.stdout ?? ''}${error.stderr ?? ''}` || error,
      );
    }
  }),
);

// 3. Loads.
for (const { pkg, specifier } of entries.filter(e => !isFrontend(e.pkg))) {
  try {
    const loaded = require(specifier);
    if (Object.keys(loaded).length === 0) throw new Error('no exports');
    const def = loaded.default;
    if (
      pkg.role?.startsWith('backend-plugin') &&
      def?.$$type !== '@backstage/BackendFeature'
    ) {
      throw new Error(
        `default export is not a BackendFeature (${def?.$$type})`,
      );
    }
    console.log(
      `loads       ${specifier} (${Object.keys(loaded).length} exports)`,
    );
  } catch (error) {
    fail(`load ${specifier}`, error);
  }
}
const frontend = entries.filter(e => isFrontend(e.pkg));
if (frontend.length > 0) {
  const esbuild = (await import(process.env.ESBUILD_PATH)).default;
  fs.writeFileSync(
    'frontend.mjs',
    `${frontend
      .map(({ specifier }, i) => `import * as entry${i} from '${specifier}';`)
      .join('\n')}\n` +
      `globalThis.__entries = { ${frontend
        .map(({ specifier }, i) => `'${specifier}': entry${i}`)
        .join(', ')} };\n`,
  );
  try {
    await esbuild.build({
      entryPoints: ['frontend.mjs'],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      outfile: 'frontend.bundle.js',
      loader: { '.css': 'empty', '.svg': 'dataurl', '.png': 'dataurl' },
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const { JSDOM } = require(process.env.JSDOM_PATH);
    const dom = new JSDOM('<!doctype html><div id="root"></div>', {
      runScripts: 'outside-only',
      url: 'http://localhost/',
    });
    dom.window.eval(fs.readFileSync('frontend.bundle.js', 'utf8'));
    for (const { specifier } of frontend) {
      const loaded = dom.window.__entries[specifier];
      if (!loaded || Object.keys(loaded).length === 0)
        throw new Error(`${specifier}: no exports`);
      console.log(
        `loads       ${specifier} (bundled, ${
          Object.keys(loaded).length
        } exports)`,
      );
    }
  } catch (error) {
    fail(`load ${frontend.map(e => e.specifier).join(', ')}`, error);
  }
}

if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(
  `\nAll ${entries.length} entry points of ${packages.length} packages resolve, type-check and load.`,
);
