# ratios.gp - `versus compare` as a picture: one row per cell, its ratio after/before of the
# median with the ratio's confidence interval as error bars, a line at 1 (no change).
#
#   gnuplot -c plots/ratios.gp DATA OUTPUT TITLE TERMINAL METRIC [THRESHOLD]
#
#   DATA       tab-separated, written by `versus plot --compare`, one row per matched cell:
#                1 label (workload, input, case, runner)  2 ratio (after / before medians)
#                3 CI low  4 CI high  5 colour (0xRRGGBB, by verdict)  6 verdict
#   OUTPUT     the image file to write
#   TITLE      the plot's title (may hold newlines)
#   TERMINAL   png (pngcairo, or gd's png when gnuplot has no cairo) or svg
#   METRIC     wall | cpu | rss (the compare file's metric; names the axis)
#   THRESHOLD  optional relative change below which a difference is not reported (0.05 draws
#              dotted lines at 0.95 and 1.05)
#
# The x axis is logarithmic (base 2) so that twice as slow and twice as fast sit at the same
# distance from 1. Red: slower or regressed; green: faster; grey: no significant change.
if (ARGC < 5) {
    print "usage: gnuplot -c ratios.gp DATA OUTPUT TITLE png|svg wall|cpu|rss [THRESHOLD]"
    exit status 2
}
data = ARG1; output = ARG2; title = ARG3; term = ARG4; metric = ARG5
threshold = ARGC >= 6 ? real(ARG6) : 0

set datafile separator "\t"
stats data using 2 nooutput
n = STATS_records
what = metric eq "wall" ? "wall time" : metric eq "cpu" ? "CPU time" : \
       metric eq "rss" ? "peak RSS" : metric
height = 200 + 24 * n

if (term eq "svg") {
    set terminal svg size 1000, height dynamic noenhanced font "Sans,11" background "#ffffff"
} else {
    if (term ne "png") {
        print "ratios.gp: TERMINAL must be png or svg, not ", term
        exit status 2
    }
    if (strstrt(GPVAL_TERMINALS, " pngcairo ") > 0) {
        set terminal pngcairo size 1000, height noenhanced font "Sans,10" background "#ffffff"
    } else {
        set terminal png size 1000, height noenhanced
    }
}
set output output

set title title
set xlabel "ratio after / before of the median " . what . " (log scale; < 1 is better)"
set logscale x 2
set yrange [n - 0.5:-0.5]
set offsets graph 0.1, graph 0.35, 0, 0
set grid xtics lc rgb "#dddddd"
set ytics nomirror scale 0
set xtics nomirror
set border 1
set lmargin 48
unset key
set arrow 1 from 1, graph 0 to 1, graph 1 nohead lc rgb "#444444" lw 1.5
if (threshold > 0) {
    set arrow 2 from 1 - threshold, graph 0 to 1 - threshold, graph 1 nohead dt 3 lc rgb "#888888"
    set arrow 3 from 1 + threshold, graph 0 to 1 + threshold, graph 1 nohead dt 3 lc rgb "#888888"
}
plot data using 2:0:3:4:5:ytic(1) with xerrorbars pt 7 ps 1.2 lw 1.5 lc rgb variable, \
     '' using 4:0:(sprintf(" %.3f  %s", $2, strcol(6))) with labels left offset 0.5, 0 font ",9"
set output
