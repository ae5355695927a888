# bars.gp - one bar per runner at the median of a metric, whiskers from p5 to p95.
#
#   gnuplot -c plots/bars.gp DATA OUTPUT TITLE TERMINAL METRIC
#
#   DATA      tab-separated, written by `versus plot`; lines starting with # are comments; one
#             row per runner: runner, then median, p5, p95 of wall_s (columns 2-4), of cpu_s
#             (5-7), of max_rss_bytes (8-10) and, when simulated, of instructions (11-13).
#             Seconds, bytes and counts, as in the result document.
#   OUTPUT    the image file to write
#   TITLE     the plot's title (may hold newlines)
#   TERMINAL  png (pngcairo, or gd's png when gnuplot has no cairo) or svg
#   METRIC    wall | cpu | rss | instructions
#
# Times are drawn in ms when every p95 is under 1 s, else in s; memory in MiB (2^20 bytes);
# instructions in millions (thousands) when every median is at least a million (thousand).
# The bar is the median (robust to the odd slow run); the whiskers span the 5th to 95th
# percentile of the measured runs, the spread METHODOLOGY.md reports beside every median. The
# whiskers are a zero-height `candlesticks` box (open = close = median) with whisker bars.
if (ARGC < 5) {
    print "usage: gnuplot -c bars.gp DATA OUTPUT TITLE png|svg wall|cpu|rss|instructions"
    exit status 2
}
data = ARG1; output = ARG2; title = ARG3; term = ARG4; metric = ARG5

set datafile separator "\t"
col = metric eq "wall" ? 2 : metric eq "cpu" ? 5 : metric eq "rss" ? 8 : \
      metric eq "instructions" ? 11 : 0
if (col == 0) {
    print "bars.gp: METRIC must be wall, cpu, rss or instructions, not ", metric
    exit status 2
}
stats data using (column(col + 2)) nooutput
n = STATS_records
top = STATS_max
stats data using (column(col)) nooutput
least = STATS_min
if (metric eq "instructions") {
    scale = least >= 1e6 ? 1e-6 : least >= 1e3 ? 1e-3 : 1.0
    ylabel = "instructions, simulated" . (least >= 1e6 ? " (millions)" : least >= 1e3 ? \
             " (thousands)" : "")
}
if (metric eq "rss") {
    scale = 1.0 / 1048576; ylabel = "peak RSS (MiB)"
}
if (metric eq "wall" || metric eq "cpu") {
    what = metric eq "wall" ? "wall time" : "CPU time, user + system"
    if (top < 1) {
        scale = 1000.0; ylabel = what . " (ms)"
    } else {
        scale = 1.0; ylabel = what . " (s)"
    }
}

width = n > 8 ? 300 + 70 * n : 900
if (term eq "svg") {
    set terminal svg size width, 540 dynamic noenhanced font "Sans,11" background "#ffffff"
} else {
    if (term ne "png") {
        print "bars.gp: TERMINAL must be png or svg, not ", term
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
set xlabel "runner (bar: median; whiskers: p5 to p95)"
set yrange [0:*]
set xrange [-0.6:n - 0.4]
set offsets 0, 0, graph 0.08, 0
set grid ytics lc rgb "#dddddd"
set border 3
set xtics nomirror scale 0
if (n > 8) {
    set xtics rotate by -35
}
set ytics nomirror
set boxwidth 0.6
set style fill solid 0.55 border -1
unset key

plot data using 0:(column(col) * scale):xtic(1) with boxes lc rgb "#4c72b0", \
     '' using 0:(column(col) * scale):(column(col + 1) * scale):(column(col + 2) * scale): \
        (column(col) * scale):(0.2) with candlesticks whiskerbars 1.0 fs empty \
        lc rgb "#222222" lw 1.5, \
     '' using 0:(column(col + 2) * scale):(sprintf("%.3g", column(col) * scale)) \
        with labels offset 0, 0.8 font ",9"
set output
