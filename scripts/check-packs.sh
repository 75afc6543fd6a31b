#!/usr/bin/env bash
# The check an adopter's install makes (npm run test:packs):
#   1. build the plugin packages (turbo runs the root tsc first);
#   2. `npm pack` every package under plugins/ (its prepack script applies publishConfig and
#      points the exports map at dist/; postpack restores package.json);
#   3. create a throw-away npm project OUTSIDE the repository (mktemp -d) and install the
#      tarballs there: our packages depend on each other at 0.1.0, which the tarballs listed
#      as the project's own dependencies satisfy (nothing of ours comes from a registry);
#      third-party packages come from the registry, cut at the Backstage 1.55 release set
#      (--before) and taken from the npm cache first (--prefer-offline);
#   4. in that project, scripts/check-packs.mjs checks every public entry point of every
#      package (`.`, `./alpha`, `./testUtils`: every key of the packed exports map) resolves,
#      type-checks (tsc --noEmit, skipLibCheck false, once with moduleResolution bundler (the
#      exports map, as Backstage apps resolve) and once with node10 (typesVersions)) and loads
#      (backend packages: require() in Node; the frontend plugin: bundled with esbuild, as an
#      app build would, then the bundle is run in Node with a jsdom window).
#
# Environment: SKIP_BUILD=1 skips step 1 (dist/ already built); KEEP_WORK=1 keeps the
# temporary directory and prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BEFORE=2026-09-19T00:00:00.000Z

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "# Build the plugin packages"
  npm run build -- --filter='./plugins/*' --output-logs=errors-only
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/releases-packs.XXXXXX")
if [ "${KEEP_WORK:-}" = 1 ]; then
  echo "(work directory kept: $WORK)"
else
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/tarballs" "$WORK/adopter"
case "$WORK" in "$ROOT"/*) echo "work directory is inside the repository" >&2; exit 1 ;; esac

echo "# Pack ($SECONDS s)"
# The packages' prepack/postpack scripts call backstage-cli from the repository.
export PATH="$ROOT/node_modules/.bin:$PATH"
# Packed in place, as `npm publish` would: prepack rewrites package.json (publishConfig,
# exports pointing at dist/) and postpack restores it; should a pack fail half way, the copy
# taken here is put back. Two at a time (two cores): each prepack/postpack starts backstage-cli (~7 s).
pack_one() {
  local dir=$1 name
  name=$(basename "$dir")
  cp "$dir/package.json" "$WORK/$name.package.json.bak"
  if (cd "$dir" && npm pack --silent --pack-destination "$WORK/tarballs" >"$WORK/$name.pack.log" 2>&1); then
    echo "  packed $dir"
  else
    cp "$WORK/$name.package.json.bak" "$dir/package.json"
    rm -f "$dir/package.json-prepack"
    cat "$WORK/$name.pack.log" >&2
    echo "npm pack failed in $dir" >&2
    return 1
  fi
}
pids=()
for dir in plugins/*/; do
  dir=${dir%/}
  [ -f "$dir/package.json" ] || continue
  if [ "$(node -p "require('./$dir/package.json').private === true")" = true ]; then
    echo "  $dir is private: not publishable, skipped"
    continue
  fi
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n || true; done
  pack_one "$dir" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || exit 1

echo "# Install the tarballs into a throw-away project ($WORK/adopter) ($SECONDS s)"
node - "$WORK" <<'EOF'
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const work = process.argv[2];
const dependencies = {};
const packages = [];
for (const file of fs.readdirSync(path.join(work, 'tarballs')).sort()) {
  const tarball = path.join(work, 'tarballs', file);
  const pkg = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  dependencies[pkg.name] = `file:${tarball}`;
  packages.push({ name: pkg.name, role: pkg.backstage?.role, exports: pkg.exports, main: pkg.main });
}
// What a Backstage app of the 1.55 release set has besides our packages: React 18 and
// its types, Node types, TypeScript; the same React overrides as this repository.
const root = JSON.parse(fs.readFileSync('package.json', 'utf8'));
fs.writeFileSync(
  path.join(work, 'adopter', 'package.json'),
  JSON.stringify(
    {
      name: 'releases-adopter-check',
      version: '0.0.0',
      private: true,
      dependencies: { ...dependencies, react: '^18.3.1', 'react-dom': '^18.3.1', 'react-router-dom': '^6.30.0' },
      devDependencies: {
        typescript: root.devDependencies.typescript,
        '@types/node': root.devDependencies['@types/node'],
        '@types/jest': root.devDependencies['@types/jest'],
        '@types/react': '^18',
        '@types/react-dom': '^18',
      },
      overrides: root.overrides,
    },
    null,
    2,
  ),
);
fs.writeFileSync(path.join(work, 'adopter', 'packages.json'), JSON.stringify(packages, null, 2));
EOF
cp scripts/check-packs.mjs "$WORK/adopter/check.mjs"
# --ignore-scripts: native addons (better-sqlite3, pulled in by @backstage packages) are not
# compiled; nothing the entry points load needs them at import time, and compiling takes a minute.
(cd "$WORK/adopter" && npm install --before="$BEFORE" --prefer-offline --ignore-scripts \
  --no-audit --no-fund --loglevel=error)

echo "# Check the entry points ($SECONDS s)"
# esbuild and jsdom for the frontend load check come from this repository (test tools, not
# something the packages need); everything the packages import resolves in the adopter project.
(cd "$WORK/adopter" && ESBUILD_PATH="$(node -p "require.resolve('esbuild', { paths: ['$ROOT'] })")" \
  JSDOM_PATH="$(node -p "require.resolve('jsdom', { paths: ['$ROOT'] })")" \
  node check.mjs)
echo "($SECONDS s)"
