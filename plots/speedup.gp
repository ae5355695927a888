# speedup.gp - the GIL claim: speed-up (left) and parallel efficiency (right) of workload
# parallel against the worker count W, one line per runner, with the ideal (speed-up = W,
# efficiency 100 %) dashed; keys beside the panels.
#
#   gnuplot -c plots/speedup.gp DATA OUTPUT TITLE TERMINAL
#
#   DATA      tab-separated, written by `versus plot`: one block per runner, blocks separated
#             by two blank lines (gnuplot's `index`); the first row of a block is a header whose
#             first column is the runner's name (the line's title); then one row per W:
#               1 runner  2 workers W  3 wall time median (s)  4 speed-up (wall at W = 1 /
#               wall at W)  5 efficiency (speed-up / W)  6 compute_s median (s)  7 CPU median (s)
#   OUTPUT    the image file to write
#   TITLE     the plot's title (may hold newlines)
#   TERMINAL  png (pngcairo, or gd's png when gnuplot has no cairo) or svg
#
# A runner whose work runs in parallel follows the ideal line until W reaches the free cores;
# one whose threads serialize (CPython's GIL) stays near 1 whatever W is. A runner without a
# W = 1 cell has NaN speed-ups and no line.
if (ARGC < 4) {
    print "usage: gnuplot -c speedup.gp DATA OUTPUT TITLE png|svg"
    exit status 2
}
data = ARG1; output = ARG2; title = ARG3; term = ARG4

set datafile separator "\t"
stats data using 2 nooutput
blocks = STATS_blocks
wmax = STATS_max

if (term eq "svg") {
    set terminal svg size 1400, 540 dynamic noenhanced font "Sans,11" background "#ffffff"
} else {
    if (term ne "png") {
        print "speedup.gp: TERMINAL must be png or svg, not ", term
        exit status 2
    }
    if (strstrt(GPVAL_TERMINALS, " pngcairo ") > 0) {
        set terminal pngcairo size 1400, 540 noenhanced font "Sans,10" background "#ffffff"
    } else {
        set terminal png size 1400, 540 noenhanced
    }
}
set output output

set datafile missing "NaN"
set grid xtics ytics lc rgb "#dddddd"
set border 3
set xtics nomirror 1
set ytics nomirror
set xrange [0.8:wmax + 0.2]
set xlabel "workers W"
set key inside left top vertical box opaque

set multiplot layout 1, 2 title title
set title "speed-up (median wall at W = 1 / median wall at W)"
set ylabel "speed-up (x)"
set yrange [0:*]
plot for [i = 0:blocks - 1] data index i using 2:4 with linespoints lw 2 pt 7 \
         title columnheader(1), \
     x with lines dt 2 lc rgb "#888888" title "ideal (speed-up = W)"

set title "parallel efficiency (speed-up / W)"
set ylabel "efficiency (%)"
set yrange [0:*]
plot for [i = 0:blocks - 1] data index i using 2:($5 * 100) with linespoints lw 2 pt 7 \
         title columnheader(1), \
     100 with lines dt 2 lc rgb "#888888" title "ideal (100 %)"
unset multiplot
set output
