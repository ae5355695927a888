// The grep workload: print every line of a file that contains a match of a pattern, in
// file order, exactly as `LC_ALL=C grep -a -E PATTERN FILE` prints it (runners/README.md).
//
// The file is read through a bufio.Reader (no mmap) and matched line by line with Go's
// regexp on []byte. A line is matched without its trailing '\n' (a '\r' before it is an
// ordinary byte); every byte, NUL and invalid UTF-8 included, passes through unchanged.
// Lines longer than the read buffer are accumulated, so a line of any length works.
// Pattern translation to byte/ASCII semantics is in pattern.go.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
)

// grepBufferSize is the size of the read buffer and of the stdout buffer, in bytes.
const grepBufferSize = 256 << 10

// runGrep runs `grep PATTERN FILE [--ignore-case]` with args (the arguments after the
// subcommand) and returns the exit code: 0 if a line matched, 1 if none did, 2 on bad
// arguments, a bad pattern or an I/O error (after one line on stderr).
func runGrep(args []string) int {
	if len(args) < 2 || len(args) > 3 {
		return fail(errors.New("grep: expected PATTERN FILE [--ignore-case]"))
	}
	pattern, path := args[0], args[1]
	ignoreCase := false
	if len(args) == 3 {
		if args[2] != "--ignore-case" {
			return fail(fmt.Errorf("grep: unknown option %q", args[2]))
		}
		ignoreCase = true
	}

	re, err := compilePattern(pattern, ignoreCase)
	if err != nil {
		return fail(fmt.Errorf("grep: %w", err))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(fmt.Errorf("grep: %w", err))
	}
	defer f.Close()

	out := bufio.NewWriterSize(os.Stdout, grepBufferSize)
	matched, err := grepLines(re, f, out)
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return fail(fmt.Errorf("grep: %w", err))
	}
	if !matched {
		return exitNoMatch
	}
	return exitOK
}

// grepLines reads in line by line, writes to out each line (without its '\n') that re
// matches, followed by '\n', and reports whether any line matched. re must come from
// compilePattern: lines holding bytes 0x80-0xFF are translated before matching. It
// returns the first read or write error; out is not flushed.
func grepLines(re *regexp.Regexp, in io.Reader, out *bufio.Writer) (bool, error) {
	reader := bufio.NewReaderSize(in, grepBufferSize)
	matched := false
	var long []byte       // a line longer than the buffer, accumulated piece by piece
	var inLong bool       // whether long holds the beginning of the current line
	var translated []byte // scratch space for translateHighBytes
	for {
		piece, readErr := reader.ReadSlice('\n')
		if readErr == bufio.ErrBufferFull {
			if !inLong {
				long, inLong = long[:0], true
			}
			long = append(long, piece...)
			continue
		}
		line := piece
		if inLong {
			long = append(long, piece...)
			line, inLong = long, false
		}
		if len(line) > 0 {
			text := line
			if text[len(text)-1] == '\n' {
				text = text[:len(text)-1]
			}
			subject := text
			if hasHighByte(text) {
				translated = translateHighBytes(translated[:0], text)
				subject = translated
			}
			if re.Match(subject) {
				matched = true
				if _, err := out.Write(text); err != nil {
					return matched, err
				}
				if err := out.WriteByte('\n'); err != nil {
					return matched, err
				}
			}
		}
		if readErr == io.EOF {
			return matched, nil
		}
		if readErr != nil {
			return matched, readErr
		}
	}
}
