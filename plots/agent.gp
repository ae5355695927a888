# agent.gp - the agent workload against concurrency: task latency p95 (left) and the process's
# CPU time (right), one line per runner, concurrency and both figures on log scales (the
# runners span 2 s to 90 s of latency and 0.01 s to 100 s of CPU); keys beside the panels.
#
#   gnuplot -c plots/agent.gp DATA OUTPUT TITLE TERMINAL
#
#   DATA      tab-separated, written by `versus plot`: one block per runner, blocks separated
#             by two blank lines (gnuplot's `index`); the first row of a block is a header whose
#             first column is the runner's name (the line's title); then one row per case:
#               1 runner  2 concurrency  3 task latency p95 (s)  4 task latency median (s)
#               5 CPU median (s)  6 CPU p5 (s)  7 CPU p95 (s)  8 peak RSS median (bytes)
#               9 ideal task latency (s: calls x model latency, the floor no runner can beat)
#   OUTPUT    the image file to write
#   TITLE     the plot's title (may hold newlines)
#   TERMINAL  png (pngcairo, or gd's png when gnuplot has no cairo) or svg
#
# Task latency is the runner's own per-task figure (metrics.task_latency_s), its p95 over every
# task of every measured run; CPU is user + system of the whole process per run (median, with
# p5 to p95 whiskers): the cost of waiting on the model, which is what the documents compare.
if (ARGC < 4) {
    print "usage: gnuplot -c agent.gp DATA OUTPUT TITLE png|svg"
    exit status 2
}
data = ARG1; output = ARG2; title = ARG3; term = ARG4

set datafile separator "\t"
stats data using 2 nooutput
blocks = STATS_blocks

if (term eq "svg") {
    set terminal svg size 1400, 540 dynamic noenhanced font "Sans,11" background "#ffffff"
} else {
    if (term ne "png") {
        print "agent.gp: TERMINAL must be png or svg, not ", term
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
set logscale x 10
set offsets graph 0.05, graph 0.05, 0, 0
set grid xtics ytics mxtics lc rgb "#dddddd"
set border 3
set xtics nomirror
set ytics nomirror
set xlabel "concurrency (tasks in flight, log scale)"
set key outside right top vertical box

set multiplot layout 1, 2 title title
set title "task latency p95"
set ylabel "task latency p95 (ms, log scale)"
set logscale y 10
plot for [i = 0:blocks - 1] data index i using 2:($3 * 1000) with linespoints lw 2 pt 7 \
         title columnheader(1), \
     data index 0 using 2:($9 * 1000) with lines dt 2 lc rgb "#888888" title "ideal (calls x latency)"

set title "CPU time per run (median, p5 to p95)"
set ylabel "CPU time, user + system (s, log scale)"
plot for [i = 0:blocks - 1] data index i using 2:5:6:7 with yerrorlines lw 2 pt 7 \
         title columnheader(1)
unset multiplot
set output
