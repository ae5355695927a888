// Tests for formatG17: its output must equal glibc printf("%.17g") byte for byte. The
// expected strings were printed by a C program (gcc, glibc) for the same doubles.
package main

import (
	"math"
	"testing"
)

func TestFormatG17MatchesC(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{1e21, "1e+21"},
		{1e-7, "9.9999999999999995e-08"},
		{123.456, "123.456"},
		{-2.5, "-2.5"},
		{1.5, "1.5"},
		{100, "100"},
		{0.1, "0.10000000000000001"},
		{0.0001, "0.0001"},
		{1e-5, "1.0000000000000001e-05"},
		{1e16, "10000000000000000"},
		{1e17, "1e+17"},
		{-17000000000, "-17000000000"},
		{5e-324, "4.9406564584124654e-324"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.Float64frombits(0xfff8000000000000), "-nan"},
		{math.Float64frombits(0x7ff8000000000000), "nan"},
	}
	for _, c := range cases {
		if got := formatG17(c.in); got != c.want {
			t.Errorf("formatG17(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
