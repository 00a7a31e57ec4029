//! Writing to the terminal safely: names from the input with control characters escaped, stdout that ends
//! quietly on a closed pipe and reports a full disk as an error, stderr that never panics.

use crate::util::error::{Error, Result};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;

/// Escapes what a terminal or a CI log would interpret in text from the input: C0 and C1 control characters
/// (`\n`, `\r`, `\t`, `\x1b`...), DEL, and the Unicode bidirectional overrides and isolates ("Trojan
/// source"). A name like `"x\n::error::pwned"` prints as `x\n::error::pwned` on one line.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Writes `text` to stdout. A closed pipe (`maturity score | head`) ends quietly; any other failure (a full
/// disk) is an error naming where stdout goes.
pub fn stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("write to", &stdout_path(), e)),
    }
}

/// What stdout is connected to, for error messages (`/dev/full`), else `<stdout>`.
fn stdout_path() -> std::path::PathBuf {
    std::fs::read_link("/proc/self/fd/1").unwrap_or_else(|_| "<stdout>".into())
}

/// Writes `text` to stderr; a failure to write there cannot be reported anywhere, so it is ignored.
pub fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn control_characters_and_bidi_overrides_are_escaped() {
        for (input, want) in [
            ("Checkout", "Checkout"),
            (
                "x\n::error title=INJECTED::pwned",
                "x\\n::error title=INJECTED::pwned",
            ),
            ("a\r\tb", "a\\r\\tb"),
            (
                "\x1b]0;title\x07red\x1b[31m",
                "\\x1b]0;title\\x07red\\x1b[31m",
            ),
            ("nul\0", "nul\\x00"),
            ("c1\u{9b}", "c1\\x9b"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("Zürich 東京", "Zürich 東京"),
        ] {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }
}
