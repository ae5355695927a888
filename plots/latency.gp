# latency.gp - the GC-pause claim: request latency against percentile in HdrHistogram's style
# (the percentile on a log scale of 1 / (1 - p): 50 %, 90 %, 99 %, 99.9 %, 99.99 % a decade
# apart, the maximum last), one line per runner and case, latency on a log scale, the 1 ms
# pause threshold dashed.
#
#   gnuplot -c plots/latency.gp DATA OUTPUT TITLE TERMINAL
#
#   DATA      tab-separated, written by `versus plot`: one block per runner and case, blocks
#             separated by two blank lines (gnuplot's `index`); the first row of a block is a
#             header whose first column names the line ("go · small"); then one row per point:
#               1 percentile label ("99.9%", "max")  2 quantile p  3 1 / (1 - p) (the maximum:
#               the requests per run)  4 latency (s, median over runs)  5 requests per run
#   OUTPUT    the image file to write
#   TITLE     the plot's title (may hold newlines)
#   TERMINAL  png (pngcairo, or gd's png when gnuplot has no cairo) or svg
#
# A flat line is a service whose slowest requests cost what its typical one does; a line that
# rises at the right is one whose tail is stalls (a collector's pause, a resize) behind which
# every due request waits (latency is measured from when a request was due).
if (ARGC < 4) {
    print "usage: gnuplot -c latency.gp DATA OUTPUT TITLE png|svg"
    exit status 2
}
data = ARG1; output = ARG2; title = ARG3; term = ARG4

set datafile separator "\t"
stats data using 3 nooutput
blocks = STATS_blocks
xmax = STATS_max

if (term eq "svg") {
    set terminal svg size 1000, 540 dynamic noenhanced font "Sans,11" background "#ffffff"
} else {
    if (term ne "png") {
        print "latency.gp: TERMINAL must be png or svg, not ", term
        exit status 2
    }
    if (strstrt(GPVAL_TERMINALS, " pngcairo ") > 0) {
        set terminal pngcairo size 1000, 540 noenhanced font "Sans,10" background "#ffffff"
    } else {
        set terminal png size 1000, 540 noenhanced
    }
}
set output output

set datafile missing "NaN"
set title title
set logscale x 10
set logscale y 10
set xrange [1.5:xmax * 1.5]
set xtics nomirror ("50%%" 2, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000, \
                    "99.999%%" 100000, "99.9999%%" 1000000)
set ytics nomirror
set grid xtics ytics lc rgb "#dddddd"
set border 3
set xlabel "percentile (log scale of 1 / (1 - p); the last point of a line is its maximum)"
set ylabel "request latency (ms, log scale)"
set key outside right top vertical box
plot for [i = 0:blocks - 1] data index i using 3:($4 * 1000) with linespoints lw 2 pt 7 \
         title columnheader(1), \
     1 with lines dt 2 lc rgb "#888888" title "1 ms (a pause)"
set output
