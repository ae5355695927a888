#!/bin/sh
# vendor-web.sh - copies the browser libraries of the dashboard (`versus report --history
# --html DIR`) from the npm registry into web/vendor/, where versus finds them: the versions
# are pinned in web/package.json and web/package-lock.json (with their integrity hashes), so
# `npm ci` installs exactly those. Run it after changing a version, and commit web/vendor/.
# The page never loads anything from a CDN: it must work from file:// and offline.
set -eu
cd "$(dirname "$0")/../web"
npm ci --ignore-scripts --no-audit --no-fund
mkdir -p vendor/uplot
for f in dist/uPlot.iife.min.js dist/uPlot.min.css LICENSE; do
    cp "node_modules/uplot/$f" vendor/uplot/
done
version=$(node -p "require('./node_modules/uplot/package.json').version")
printf 'uPlot %s from the npm registry (package uplot), MIT licence (LICENSE); copied by scripts/vendor-web.sh\n' \
    "$version" > vendor/uplot/VERSION
echo "vendored uPlot $version into web/vendor/uplot/"
