# timeline.gp - the memory timeline of one group: the resident set of each runner's whole
# process tree (the sum over the child's process group, read by versus every --rss-interval)
# against time since the run started, one line per runner, from its last measured run.
#
#   gnuplot -c plots/timeline.gp DATA OUTPUT TITLE TERMINAL
#
#   DATA      tab-separated, written by `versus plot`: one block per runner, blocks separated
#             by two blank lines (gnuplot's `index`); the first row of a block is a header whose
#             first column is the runner's name (the line's title); then one row per reading:
#               1 seconds since the run started  2 resident bytes of the process tree
#   OUTPUT    the image file to write
#   TITLE     the plot's title (may hold newlines)
#   TERMINAL  png (pngcairo, or gd's png when gnuplot has no cairo) or svg
#
# A flat line after warm-up is memory that is given back; a line that keeps rising is the
# growth `rss_growth_mib_per_min` measures (the least-squares slope over the run's second half).
if (ARGC < 4) {
    print "usage: gnuplot -c timeline.gp DATA OUTPUT TITLE png|svg"
    exit status 2
}
data = ARG1; output = ARG2; title = ARG3; term = ARG4

set datafile separator "\t"
stats data using 1 nooutput
blocks = STATS_blocks

if (term eq "svg") {
    set terminal svg size 1000, 540 dynamic noenhanced font "Sans,11" background "#ffffff"
} else {
    if (term ne "png") {
        print "timeline.gp: TERMINAL must be png or svg, not ", term
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
set grid xtics ytics lc rgb "#dddddd"
set border 3
set xtics nomirror
set ytics nomirror
set yrange [0:*]
set xlabel "time since the run started (s)"
set ylabel "resident set of the process tree (MiB)"
set key outside right top vertical box
plot for [i = 0:blocks - 1] data index i using 1:($2 / 1048576) with lines lw 2 \
         title columnheader(1)
set output
