#!/bin/sh
# capture.sh VERSUS OUTDIR - every text versus writes from the result documents under
# tests/fixtures (exports in every format, reports, comparisons, plot data files, history
# lines, merges), one file per command, so that two builds can be diffed byte for byte
# (tests/golden/check.sh). Exit status and standard error are kept beside standard output.
# Plots are drawn with a gnuplot stand-in (fake-gnuplot.sh) that writes its arguments as the
# picture: the data files and the requests are what versus writes.
set -u
bin=$1
out=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
fx=$src/tests/fixtures
rm -rf "$out"
mkdir -p "$out"
export VERSUS_ROOT="$src" NO_COLOR=1 LC_ALL=C
run() { # run NAME ARGS... : stdout, stderr and status of versus ARGS into OUTDIR/NAME.*
    name=$1
    shift
    (cd "$out" && "$bin" "$@" >"$name.out" 2>"$name.err"; echo $? >"$name.rc")
}
docs="compare/before.json compare/after-regressed.json compare/after-same.json
compare/hyperfine.json compare/hyperfine-1.20.json compare/no-common.json
plot/grep.json plot/agent.json interchange/result.json"
for d in $docs; do
    stem=$(echo "$d" | tr '/.' '__')
    for f in hyperfine github-action-benchmark csv markdown; do
        run "export-$f-$stem" export "$fx/$d" --format "$f"
    done
    run "report-$stem" report "$fx/$d" --no-plots --markdown "$out/report-$stem.md" \
        --html "$out/report-$stem.html" --claims "$src/workloads/claims.json"
    mkdir -p "$out/hist"
    run "history-$stem" history append "$fx/$d" --file "$out/hist/$stem.jsonl" --commit \
        0123456789abcdef0123456789abcdef01234567
done
for a in after-regressed after-same hyperfine hyperfine-1.20 no-common; do
    for m in wall cpu rss; do
        run "compare-$a-$m" compare --color never --metric "$m" "$fx/compare/before.json" \
            "$fx/compare/$a.json" --json "$out/compare-$a-$m.json"
        run "compare-$a-$m-md" compare --markdown --metric "$m" "$fx/compare/before.json" \
            "$fx/compare/$a.json"
    done
done
run compare-hyperfine-versions compare --color never "$fx/compare/hyperfine.json" \
    "$fx/compare/hyperfine.json" --json "$out/compare-hyperfine-versions.json"
run compare-plot-grep compare --color never "$fx/plot/grep.json" "$fx/plot/grep.json"
run compare-colour compare --color always "$fx/compare/before.json" \
    "$fx/compare/after-regressed.json"
run merge-before-same merge "$fx/compare/before.json" "$fx/compare/after-same.json" \
    --allow-duplicates --json "$out/merge-before-same.json"
export VERSUS_GNUPLOT="$src/tests/golden/fake-gnuplot.sh"
run plot-grep plot "$fx/plot/grep.json" --out "$out/plot-grep" --format svg
run plot-agent plot "$fx/plot/agent.json" --out "$out/plot-agent" --format svg
run plot-before plot "$fx/compare/before.json" --out "$out/plot-before" --format svg
run plot-compare plot --compare "$fx/plot/compare.json" --out "$out/plot-compare" --format svg
run report-grep-plots report "$fx/plot/grep.json" --markdown "$out/report-grep-plots/r.md" \
    --html "$out/report-grep-plots/r.html" --claims "$src/workloads/claims.json"
run plot-history plot --history "$fx/plot/history.jsonl" --out "$out/plot-history" --format svg
run plot-language plot "$fx/plot/language.json" --out "$out/plot-language" --format svg
run report-language-plots report "$fx/plot/language.json" \
    --markdown "$out/report-language-plots/r.md" --html "$out/report-language-plots/r.html" \
    --claims "$src/workloads/claims.json"
# Paths in the texts name OUTDIR, VERSUS and the source tree: make them relative so two captures compare.
grep -rlF -e "$out" -e "$bin" -e "$src" "$out" | while read -r f; do
    sed -i -e "s#$out#OUT#g" -e "s#$bin#VERSUS#g" -e "s#$src#SRC#g" "$f"
done
# The HTML report inlines vendored and page code (uPlot, report.css, report.js, each marked
# data-asset="NAME"): keep the markers, leave the code out, so the text pins what versus writes.
find "$out" -name '*.html' | while read -r f; do
    sed -i -e '/^<\(style\|script\) data-asset=/,/^<\/\(style\|script\)>$/{/^<\(style\|script\) data-asset=/b;/^<\/\(style\|script\)>$/b;d}' "$f"
done
# Everything in one text, file by file in name order, for one diff (tests/golden/expected.txt).
(cd "$out" && find . -type f ! -name all.txt | LC_ALL=C sort | while read -r f; do
    printf '=== %s\n' "$f"
    cat "$f"
done) >"$out/all.txt"
