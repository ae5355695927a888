// Pattern translation for the grep workload: turns a pattern of the protocol's ERE subset
// into a Go regexp whose matches on translated lines are exactly those of
// `LC_ALL=C grep -a -E` on the raw bytes.
//
// Two differences between Go's regexp and the pinned byte/ASCII semantics are removed:
//
//  1. Go's `\s` is `[\t\n\f\r ]`, without `\v`; POSIX [[:space:]] has it. `\s` is rewritten
//     to `[\t\n\v\f\r ]` and `\S` to `[^\t\n\v\f\r ]` (inside a bracket expression `\s`
//     becomes `\t\n\v\f\r `; `\S` cannot be expressed there and is rejected).
//  2. Go's regexp reads its input as UTF-8: `.`, `[^...]`, `\W` and `\S` consume a whole
//     multi-byte character, and `(?i)` uses Unicode simple folding (`k` also matches U+212A
//     KELVIN SIGN, `s` matches U+017F LONG S). In the C locale every byte is one character
//     and only ASCII letters fold. So every byte 0x80-0xFF, in the pattern and in the
//     line, is mapped to its own Private Use Area rune U+F780-U+F7FF (see highByteBase):
//     one byte becomes one rune, which no class of the subset contains and which folds to
//     nothing. ASCII bytes are unchanged, and lines that are pure ASCII (the common case)
//     are matched as they are, without copying.
//
// Matching is unanchored and only says whether a line matches, so the translation never
// has to map match positions back.
//
// Outside the protocol's subset Go keeps its own syntax: escapes such as `\r` or `\x41` are
// Go's, and a backslash inside a bracket expression escapes the next character (as in
// PCRE, Python, Rust), whereas POSIX grep takes it literally (`[\s]` is `\` or `s` there).
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"
)

// highByteBase is added to a byte 0x80-0xFF to get the rune standing for it: U+F780-U+F7FF,
// in the Private Use Area, with no case folding and in no ASCII class.
const highByteBase = 0xF700

// spaceSet is the body of a class equal to POSIX [[:space:]] in the C locale, in Go syntax.
const spaceSet = `\t\n\v\f\r `

// errNegatedSpaceInClass reports `\S` inside a bracket expression, which Go cannot express
// once `\s` has to include `\v`.
var errNegatedSpaceInClass = errors.New(`\S inside a bracket expression is not supported`)

// compilePattern translates pattern (raw bytes of the command-line argument) with
// rewriteSpaces and translateHighBytes, prefixes `(?i)` when ignoreCase is set, and
// compiles it. It returns the compiled regexp, to be used on lines passed through
// translateHighBytes, or an error for a pattern that cannot be expressed or compiled.
func compilePattern(pattern string, ignoreCase bool) (*regexp.Regexp, error) {
	rewritten, err := rewriteSpaces([]byte(pattern))
	if err != nil {
		return nil, err
	}
	var expr []byte
	if ignoreCase {
		expr = append(expr, "(?i)"...)
	}
	expr = translateHighBytes(expr, rewritten)
	re, err := regexp.Compile(string(expr))
	if err != nil {
		return nil, fmt.Errorf("invalid pattern %q: %w", pattern, err)
	}
	return re, nil
}

// rewriteSpaces returns pattern with `\s` and `\S` replaced by explicit classes that
// include `\v` (see the file comment). It tracks bracket expressions the way Go's parser
// does: a `]` right after `[` or `[^` is a literal, `[:name:]` is a named class, and an
// escape takes the next byte with it (so `\\s` is a backslash then `s`). `\Q...\E` is
// copied verbatim. The only error is `\S` inside a bracket expression; every other
// malformed pattern is copied as is and left to regexp.Compile to report.
func rewriteSpaces(pattern []byte) ([]byte, error) {
	out := make([]byte, 0, len(pattern)+16)
	inClass := false
	for i := 0; i < len(pattern); {
		c := pattern[i]
		switch {
		case c == '\\' && i+1 == len(pattern):
			// A trailing backslash: regexp.Compile reports it.
			out = append(out, c)
			i++
		case c == '\\':
			next := pattern[i+1]
			switch {
			case next == 's' && inClass:
				out = append(out, spaceSet...)
			case next == 's':
				out = append(out, "["+spaceSet+"]"...)
			case next == 'S' && inClass:
				return nil, errNegatedSpaceInClass
			case next == 'S':
				out = append(out, "[^"+spaceSet+"]"...)
			case next == 'Q' && !inClass:
				// Literal text up to `\E` (or the end), copied with its delimiters.
				end := indexFrom(pattern, i+2, `\E`)
				if end < 0 {
					out = append(out, pattern[i:]...)
					return out, nil
				}
				out = append(out, pattern[i:end+2]...)
				i = end + 2
				continue
			default:
				out = append(out, c, next)
			}
			i += 2
		case !inClass && c == '[':
			out = append(out, c)
			i++
			if i < len(pattern) && pattern[i] == '^' {
				out = append(out, '^')
				i++
			}
			if i < len(pattern) && pattern[i] == ']' {
				out = append(out, ']') // a leading ']' is a literal
				i++
			}
			inClass = true
		case inClass && c == '[' && i+1 < len(pattern) && pattern[i+1] == ':':
			// A named class `[:alpha:]` if a `:]` follows, else a literal '['.
			end := indexFrom(pattern, i+2, ":]")
			if end < 0 {
				out = append(out, c)
				i++
				continue
			}
			out = append(out, pattern[i:end+2]...)
			i = end + 2
		case inClass && c == ']':
			out = append(out, c)
			i++
			inClass = false
		default:
			out = append(out, c)
			i++
		}
	}
	return out, nil
}

// indexFrom returns the index in s of the first occurrence of sep at or after from, or -1.
func indexFrom(s []byte, from int, sep string) int {
	i := bytes.Index(s[from:], []byte(sep))
	if i < 0 {
		return -1
	}
	return from + i
}

// translateHighBytes appends src to dst with every byte 0x80-0xFF replaced by the UTF-8
// encoding of rune highByteBase+byte (3 bytes), and returns the extended slice. ASCII
// bytes, NUL included, are copied unchanged. The mapping is one-to-one, so a translated
// line matches the translated pattern exactly when the raw line matches the raw pattern
// under byte semantics.
func translateHighBytes(dst, src []byte) []byte {
	for _, b := range src {
		if b < utf8.RuneSelf {
			dst = append(dst, b)
		} else {
			dst = utf8.AppendRune(dst, highByteBase+rune(b))
		}
	}
	return dst
}

// hasHighByte reports whether b contains a byte 0x80-0xFF. It tests eight bytes at a time,
// since it runs on every line.
func hasHighByte(b []byte) bool {
	const highBits = 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&highBits != 0 {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
