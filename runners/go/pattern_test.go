// Tests for the pattern translation of the grep workload: the \s rewrite (with escaped
// backslashes, bracket expressions, named classes and \Q...\E) and the byte semantics
// given by translating bytes 0x80-0xFF.
package main

import (
	"bytes"
	"testing"
)

func TestRewriteSpaces(t *testing.T) {
	cases := []struct{ in, want string }{
		{`a\sb`, `a[\t\n\v\f\r ]b`},
		{`a\Sb`, `a[^\t\n\v\f\r ]b`},
		{`\\s`, `\\s`},
		{`\\\s`, `\\[\t\n\v\f\r ]`},
		{`[\s,]`, `[\t\n\v\f\r ,]`},
		{`[^\sx]+`, `[^\t\n\v\f\r x]+`},
		{`[]\s]`, `[]\t\n\v\f\r ]`},
		{`[^]\s]`, `[^]\t\n\v\f\r ]`},
		{`[[:alpha:]\s]\s`, `[[:alpha:]\t\n\v\f\r ][\t\n\v\f\r ]`},
		{`[\]]\s`, `[\]][\t\n\v\f\r ]`},
		{`\Q\s\E\s`, `\Q\s\E[\t\n\v\f\r ]`},
		{`\w+\s+of\W+\w+`, `\w+[\t\n\v\f\r ]+of\W+\w+`},
		{`x\`, `x\`},
	}
	for _, c := range cases {
		got, err := rewriteSpaces([]byte(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("rewriteSpaces(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := rewriteSpaces([]byte(`[\S]`)); err == nil {
		t.Errorf(`rewriteSpaces("[\S]") accepted`)
	}
}

func TestPatternByteSemantics(t *testing.T) {
	cases := []struct {
		pattern    string
		ignoreCase bool
		line       string
		want       bool
	}{
		{`a\sb`, false, "a\vb", true},
		{`a\Sb`, false, "a\vb", false},
		{`a.b`, false, "a\xc3\xa9b", false},      // '.' is one byte, é is two
		{`a..b`, false, "a\xc3\xa9b", true},      // two bytes
		{`a\W\Wb`, false, "a\xc3\xa9b", true},    // bytes >= 0x80 are not word bytes
		{`a[^x]b`, false, "a\xffb", true},        // an invalid byte is one character
		{`\xff`, false, "\xff", false},           // \xff means U+00FF, never a raw byte
		{"\xc3\xa9", false, "caf\xc3\xa9", true}, // non-ASCII literal bytes
		{"\xff", false, "a\xffb", true},          // invalid UTF-8 in the pattern
		{`k`, true, "\xe2\x84\xaa", false},       // no Unicode folding: KELVIN SIGN
		{`s`, true, "\xc5\xbf", false},           // nor LONG S
		{`K`, true, "k", true},
		{"\xc3\xa0", true, "\xc3\x80", false}, // à and À are not folded in the C locale
		{`\bcity\b`, false, "\xc3\xa9city\xc3\xa9", true},
		{`\w`, false, "\xc3\xa9", false},
	}
	for _, c := range cases {
		re, err := compilePattern(c.pattern, c.ignoreCase)
		if err != nil {
			t.Errorf("compilePattern(%q): %v", c.pattern, err)
			continue
		}
		line := []byte(c.line)
		if hasHighByte(line) {
			line = translateHighBytes(nil, line)
		}
		if got := re.Match(line); got != c.want {
			t.Errorf("%q (ignore case %v) on %q: got %v, want %v", c.pattern, c.ignoreCase, c.line, got, c.want)
		}
	}
}

func TestHasHighByte(t *testing.T) {
	for n := 0; n < 20; n++ {
		line := bytes.Repeat([]byte{'a'}, n)
		if hasHighByte(line) {
			t.Errorf("ASCII of length %d reported high", n)
		}
		for i := 0; i < n; i++ {
			line[i] = 0x80
			if !hasHighByte(line) {
				t.Errorf("length %d, 0x80 at %d not found", n, i)
			}
			line[i] = 'a'
		}
	}
}
