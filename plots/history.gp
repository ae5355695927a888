# history.gp - one benchmark cell's median over commits: one line per runner, the commits in
# the order the history file lists them (oldest first, as `versus history append` adds them).
#
#   gnuplot -c plots/history.gp DATA OUTPUT TITLE TERMINAL METRIC
#
#   DATA      tab-separated, written by `versus plot --history`: one block per runner, blocks
#             separated by two blank lines (gnuplot's `index`); the first row of a block is a
#             header whose first column is the runner's name; then one row per commit:
#               1 runner  2 position of the commit in the history (0, 1, ...)  3 commit (short)
#               4 date  5 median wall (s)  6 median CPU (s)  7 median peak RSS (bytes)
#   OUTPUT    the image file to write
#   TITLE     the plot's title (may hold newlines)
#   TERMINAL  png (pngcairo, or gd's png when gnuplot has no cairo) or svg
#   METRIC    wall | cpu | rss
#
# Times are drawn in ms when every value is under 1 s, else in s; memory in MiB (2^20 bytes).
# A runner missing at a commit (not run, or failed there) has no row there, and a blank line
# in its block instead, which breaks its line: a gap, not a slope drawn across the commit.
if (ARGC < 5) {
    print "usage: gnuplot -c history.gp DATA OUTPUT TITLE png|svg wall|cpu|rss"
    exit status 2
}
data = ARG1; output = ARG2; title = ARG3; term = ARG4; metric = ARG5

set datafile separator "\t"
col = metric eq "wall" ? 5 : metric eq "cpu" ? 6 : metric eq "rss" ? 7 : 0
if (col == 0) {
    print "history.gp: METRIC must be wall, cpu or rss, not ", metric
    exit status 2
}
stats data using col nooutput
blocks = STATS_blocks
top = STATS_max
stats data using 2 nooutput
commits = STATS_max + 1
if (metric eq "rss") {
    scale = 1.0 / 1048576; ylabel = "median peak RSS (MiB)"
} else {
    what = metric eq "wall" ? "median wall time" : "median CPU time, user + system"
    if (top < 1) {
        scale = 1000.0; ylabel = what . " (ms)"
    } else {
        scale = 1.0; ylabel = what . " (s)"
    }
}

width = commits > 12 ? 300 + 50 * commits : 900
if (term eq "svg") {
    set terminal svg size width, 540 dynamic noenhanced font "Sans,11" background "#ffffff"
} else {
    if (term ne "png") {
        print "history.gp: TERMINAL must be png or svg, not ", term
        exit status 2
    }
    if (strstrt(GPVAL_TERMINALS, " pngcairo ") > 0) {
        set terminal pngcairo size width, 540 noenhanced font "Sans,10" background "#ffffff"
    } else {
        set terminal png size width, 540 noenhanced
    }
}
set output output

set title title
set ylabel ylabel
set xlabel "commit (oldest to newest)"
set yrange [0:*]
set xrange [-0.5:commits - 0.5]
set grid ytics lc rgb "#dddddd"
set border 3
set xtics nomirror rotate by -35 scale 0
set ytics nomirror
set key outside right top
plot for [i = 0:blocks - 1] data index i using 2:(column(col) * scale):xtic(3) \
         with linespoints lw 2 pt 7 title columnheader(1)
set output
