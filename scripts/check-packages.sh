#!/usr/bin/env bash
# `pnpm check:packages`: every published package (packages/* not marked private), as built, is
# checked the way a registry user would meet it: publint --strict (exports map, files, formats)
# and @arethetypeswrong/cli --pack (its types resolve under node10, node16 CJS/ESM and bundler).
# It also refuses test fixtures in a src/ and tests in a tarball. Then size-limit
# (.size-limit.json): what a browser app pays, measured as a user would import it (esbuild,
# minified, gzipped), within its budget.
# Run after the build; npm test runs it. Exits non-zero on the first package with a problem.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bin=$PWD/node_modules/.bin
checked=()
for manifest in packages/*/package.json; do
  dir=$(dirname "$manifest")
  if node -e "process.exit(require('./$manifest').private === true ? 0 : 1)"; then continue; fi
  name=$(node -p "require('./$manifest').name")
  if [[ ! -d "$dir/dist" ]]; then
    printf '[check:packages] %s has no dist/: build first (pnpm turbo run build)\n' "$name" >&2
    exit 1
  fi
  printf '[check:packages] %s: publint --strict\n' "$name" >&2
  (cd "$dir" && "$bin/publint" --strict >&2)
  # Test code and fixtures never ship: no fixture folder in src (tests sit beside their file,
  # fixtures in the package's test/), and nothing packed is a test or lives in a test folder.
  fixture_dirs=$(find "$dir/src" -type d \( -name testing -o -name fixtures -o -name __tests__ -o -name test \) | tr '\n' ' ')
  if [[ -n "$fixture_dirs" ]]; then
    printf '[check:packages] %s keeps test fixtures in src: %s(move them to %s/test)\n' "$name" "$fixture_dirs" "$dir" >&2
    exit 1
  fi
  shipped_tests=$(cd "$dir" && npm pack --dry-run --json 2>/dev/null | node -e "
    const [pack] = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const bad = pack.files.map((f) => f.path).filter((p) => /\\.test(-d)?\\.tsx?$|(^|\\/)(test|tests|testing|fixtures|__tests__)\\//.test(p));
    console.log(bad.join(' '));")
  if [[ -n "$shipped_tests" ]]; then
    printf '[check:packages] %s would publish test code: %s\n' "$name" "$shipped_tests" >&2
    exit 1
  fi
  printf '[check:packages] %s: attw --pack\n' "$name" >&2
  (cd "$dir" && "$bin/attw" --pack . --format ascii >&2)
  checked+=("$name")
done
printf '[check:packages] %d packages pass publint --strict and attw: %s\n' "${#checked[@]}" "${checked[*]}" >&2
printf '[check:packages] size-limit: the browser budgets in .size-limit.json\n' >&2
"$bin/size-limit" >&2
