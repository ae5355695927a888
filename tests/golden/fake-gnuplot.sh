#!/bin/sh
# fake-gnuplot.sh -c SCRIPT DATA IMAGE TITLE FORMAT EXTRA... - a gnuplot stand-in for
# capture.sh: writes its arguments (file names without their directories) into IMAGE, so the
# capture records what versus asked to draw, and the report embeds it, without depending on
# gnuplot's own output.
shift
script=$1
data=$2
image=$3
shift 3
{
    basename "$script"
    basename "$data"
    basename "$image"
    printf '%s\n' "$@"
} >"$image"
