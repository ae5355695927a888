//! The `grep` workload: print every line of a file that contains a match of a pattern, as
//! `LC_ALL=C grep -a -E` does. Matching uses `regex::bytes` with Unicode off, so `\w`, `\s`,
//! `\b`, `.` and case folding are ASCII and every byte of the input is matched as is.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use regex::bytes::{Regex, RegexBuilder};

/// Size of the input buffer in bytes.
const READ_BUFFER_BYTES: usize = 256 * 1024;
/// Size of the output buffer in bytes.
const WRITE_BUFFER_BYTES: usize = 64 * 1024;

/// Compiles `pattern` (the raw bytes of the command-line argument) as an ASCII, byte-level
/// regular expression, case-insensitive (ASCII letters only) when `ignore_case` is set.
///
/// Non-ASCII bytes of the pattern stand for themselves, as in the C locale (see
/// [`escape_non_ascii`]). Returns the compiled regex, or a one-line message when the pattern
/// is invalid or too large.
pub fn compile(pattern: &[u8], ignore_case: bool) -> Result<Regex, String> {
    RegexBuilder::new(&escape_non_ascii(pattern))
        .unicode(false)
        .case_insensitive(ignore_case)
        .build()
        .map_err(|err| format!("bad pattern: {err}"))
}

/// Rewrites every non-ASCII byte of `pattern` as a `\xNN` escape, so the pattern is valid
/// UTF-8 and each such byte matches itself (Unicode-off `regex` rejects literal non-ASCII
/// characters). A backslash followed by a non-ASCII byte (an escaped literal byte) becomes
/// that byte's escape. Every ASCII byte is kept as it is. Returns the rewritten pattern.
fn escape_non_ascii(pattern: &[u8]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut bytes = pattern.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        if byte == b'\\' {
            match bytes.peek().copied() {
                Some(next) if !next.is_ascii() => {} // escaped non-ASCII byte: escape below
                Some(next) => {
                    out.push('\\');
                    out.push(char::from(next));
                    bytes.next();
                }
                None => out.push('\\'),
            }
        } else if byte.is_ascii() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// Reads the file at `path` line by line and writes each line that contains a match of
/// `regex` to stdout, followed by `\n`. A line is the bytes up to a `\n` (the last one may
/// lack it) and is matched without its `\n`. Returns whether any line matched, or a one-line
/// message when the file cannot be opened or read, or stdout cannot be written (a closed
/// pipe included).
pub fn run(regex: &Regex, path: &Path) -> Result<bool, String> {
    let file = File::open(path).map_err(|err| format!("cannot open {}: {err}", path.display()))?;
    let mut reader = BufReader::with_capacity(READ_BUFFER_BYTES, file);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(WRITE_BUFFER_BYTES, stdout.lock());
    let write_error = |err: io::Error| format!("cannot write stdout: {err}");

    let mut matched = false;
    let mut line = Vec::with_capacity(4096);
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        if n == 0 {
            break;
        }
        let body = line.strip_suffix(b"\n").unwrap_or(&line);
        if regex.is_match(body) {
            matched = true;
            out.write_all(body).map_err(write_error)?;
            out.write_all(b"\n").map_err(write_error)?;
        }
    }
    out.flush().map_err(write_error)?;
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_non_ascii_bytes() {
        assert_eq!(escape_non_ascii(b"a\xffb"), r"a\xFFb");
        assert_eq!(escape_non_ascii(b"[\xc3\xa9]"), r"[\xC3\xA9]");
        assert_eq!(escape_non_ascii(b"\\\xff"), r"\xFF");
        assert_eq!(escape_non_ascii(br"\\\w"), r"\\\w");
        assert_eq!(escape_non_ascii(b"x\\"), "x\\");
    }

    #[test]
    fn ascii_classes() {
        let s = compile(br"^\s$", false).unwrap();
        for byte in [b'\t', b'\n', 0x0b, 0x0c, b'\r', b' '] {
            assert!(s.is_match(&[byte]), "\\s should match {byte:#x}");
        }
        assert!(!s.is_match(&[0x85]) && !s.is_match(&[0xa0]));
        let w = compile(br"^\w+$", false).unwrap();
        assert!(w.is_match(b"az_AZ09"));
        assert!(!w.is_match("é".as_bytes()));
        let b = compile(br"\bcity\b", false).unwrap();
        assert!(b.is_match("\u{e9}city".as_bytes()));
        assert!(!b.is_match(b"_city"));
        let dot = compile(b"^a.b$", false).unwrap();
        assert!(dot.is_match(b"a\xffb") && dot.is_match(b"a\x00b"));
    }

    #[test]
    fn ascii_case_folding() {
        let re = compile(b"president", true).unwrap();
        assert!(re.is_match(b"PRESIDENT"));
        let k = compile(b"k", true).unwrap();
        assert!(!k.is_match("\u{212a}".as_bytes())); // KELVIN SIGN is not folded
        let e = compile("é".as_bytes(), true).unwrap();
        assert!(e.is_match("é".as_bytes()) && !e.is_match("É".as_bytes()));
    }

    #[test]
    fn bad_pattern_is_an_error() {
        assert!(compile(b"(", false).is_err());
        assert!(compile(b"[z-a]", false).is_err());
    }
}
