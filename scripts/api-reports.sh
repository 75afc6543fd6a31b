#!/usr/bin/env bash
# API reports of the plugin packages (plugins/*/report*.api.md), made with
# @backstage/repo-tools (API Extractor) from the type declarations in dist-types/.
#
#   scripts/api-reports.sh        regenerate every report (npm run build:api-reports)
#   scripts/api-reports.sh --ci   check them (npm run test:api-reports): fails when the
#                                 public API differs from its committed report (lines
#                                 compared as a multiset, union members in any order:
#                                 see same_lines below), when a
#                                 report is missing or stale, or when a report has
#                                 warnings (an exported symbol without a release tag,
#                                 a type used by the API but not exported, ...)
#
# Both first run the root `tsc` (incremental: a few seconds after `npm run tsc`), because
# the reports are read from dist-types/ and a stale dist-types/ gives a stale report.
#
# Options passed to repo-tools:
#   --include 'plugins/*'     the published packages (not packages/app, packages/backend, bench)
#   --validate-release-tags   `.` may only export `@public` symbols, `./alpha` `@alpha` or `@public`
#   -o ae-undocumented        members without a doc comment are not warnings (they still show
#                             as "(undocumented)" in the report)
#   -o ae-wrong-input-file-type
#                             our packages import each other through their workspace
#                             `types: src/index.ts`, so API Extractor sees .ts sources of the
#                             sibling packages; harmless, and what repo-tools' changelog advises
#
# Regenerating uses --allow-all-warnings so that one warning does not stop the run half way
# (repo-tools stops at the first package with a warning otherwise): every report is written,
# then this script lists the warnings that made it into reports and fails if there are any.
set -euo pipefail
cd "$(dirname "$0")/.."

ci=false
if [ "${1:-}" = "--ci" ]; then ci=true; fi

opts=(--include 'plugins/*' --validate-release-tags -o ae-undocumented,ae-wrong-input-file-type)

echo "# tsc (type declarations for dist-types/)"
if ! npx tsc --pretty false; then
  # tsc still writes the declarations; regenerating goes on (an error in, say, e2e/ should
  # not block the reports), checking does not.
  if $ci; then exit 1; fi
  echo "WARNING: tsc reported the errors above; the reports are made from what it emitted." >&2
fi

# API Extractor prints the members of some unions and object types in an order that
# depends on how TypeScript happened to check the program (a fresh clone and an
# incremental build can differ), across lines and within one (`'a' | 'b'`). A report
# counts as changed only when its lines differ as a multiset once the string-literal
# unions in each line are sorted (scripts/api-report-lines.mjs): members reordered are
# the same API; anything added, removed or edited is a change.
same_lines() {
  diff <(node scripts/api-report-lines.mjs "$1") <(node scripts/api-report-lines.mjs "$2") >/dev/null
}

saved=$(mktemp -d)
trap 'rm -rf "$saved"' EXIT
for f in plugins/*/report*.api.md; do
  mkdir -p "$saved/$(dirname "$f")"
  git show "HEAD:$f" > "$saved/$f" 2>/dev/null || rm -f "$saved/$f"
done

# (pipefail: a crash of repo-tools still fails the script; sed only drops noise)
npx backstage-repo-tools api-reports --allow-all-warnings "${opts[@]}" 2>&1 |
  sed '/^Skipping warnings check for /d'

changed=0
warned=0
for f in plugins/*/report*.api.md; do
  if [ ! -f "$saved/$f" ]; then
    echo "New report, not committed yet: $f"
    changed=1
  elif same_lines "$saved/$f" "$f"; then
    # Only reordered: keep the committed file, so the reports do not churn.
    cp "$saved/$f" "$f"
  else
    echo "The public API differs from its committed report: $f"
    diff "$saved/$f" "$f" || true
    changed=1
  fi
done
for f in $(cd "$saved" && ls plugins/*/report*.api.md 2>/dev/null); do
  if [ ! -f "$f" ]; then
    echo "Committed report of an entry point that no longer exists: $f"
    changed=1
  fi
done

if grep -n '// Warning' plugins/*/report*.api.md; then
  echo
  echo "The reports above have warnings (fix them in the source: a release tag such as"
  echo "/** @public */ on each export, or export the type the message names), then rerun"
  echo "npm run build:api-reports. \`npm run test:api-reports\` fails while they remain."
  warned=1
fi

if $ci; then
  status=$((changed | warned))
  if [ "$status" -eq 0 ]; then
    echo "API reports are up to date."
  else
    # Leave the working tree as it was: the check only reports.
    for f in $(cd "$saved" && ls plugins/*/report*.api.md 2>/dev/null); do
      cp "$saved/$f" "$f"
    done
    echo "Run npm run build:api-reports and commit the plugins/*/report*.api.md changes."
  fi
  exit "$status"
fi

echo
echo "API reports written; commit the plugins/*/report*.api.md files that changed:"
git status --short -- 'plugins/*/report*.api.md'
exit "$warned"
