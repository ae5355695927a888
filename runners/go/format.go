// Number formatting for json-stats: number_sum is printed as C's printf("%.17g") prints it
// (glibc), so the Go runner's line is textually the same as the C runner's.
//
// strconv.FormatFloat(x, 'g', 17, 64) is not the same: it keeps trailing zeros
// ("1.0000000000000000e+21" where C prints "1e+21") and spells infinities "+Inf".
package main

import (
	"math"
	"strconv"
	"strings"
)

// significantDigits is the precision of %.17g: enough to round-trip any float64.
const significantDigits = 17

// formatG17 returns x formatted exactly as printf("%.17g", x) does with glibc: 17
// significant digits, rounded to nearest; scientific notation ("1.5e+21", exponent of at
// least two digits) when the decimal exponent X is below -4 or at least 17, fixed notation
// otherwise; trailing zeros and a trailing decimal point removed. Infinities are "inf" and
// "-inf"; NaN is "nan", or "-nan" when its sign bit is set (as x86 produces for inf-inf).
func formatG17(x float64) string {
	switch {
	case math.IsNaN(x):
		if math.Signbit(x) {
			return "-nan"
		}
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	// "-d.dddddddddddddddde±XX": the 17 digits C would print, and the exponent X of the
	// E-style conversion, which is what %g uses to choose the style.
	e := strconv.FormatFloat(x, 'e', significantDigits-1, 64)
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mark := strings.IndexByte(e, 'e')
	digits := e[:1] + e[2:mark] // the 17 significant digits, without the point
	expText := e[mark+1:]       // "+21", "-08", "+308"
	exp, err := strconv.Atoi(expText)
	if err != nil {
		panic("formatG17: unexpected exponent in " + e) // strconv always writes one
	}

	var intPart, fracPart string
	switch {
	case exp < -4 || exp >= significantDigits:
		frac := strings.TrimRight(digits[1:], "0")
		if frac != "" {
			frac = "." + frac
		}
		return sign + digits[:1] + frac + "e" + expText
	case exp >= 0:
		intPart, fracPart = digits[:exp+1], digits[exp+1:]
	default:
		intPart, fracPart = "0", strings.Repeat("0", -exp-1)+digits
	}
	fracPart = strings.TrimRight(fracPart, "0")
	if fracPart != "" {
		return sign + intPart + "." + fracPart
	}
	return sign + intPart
}
