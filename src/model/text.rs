//! Text from a board is untrusted input (a shared repository): control characters and
//! escape sequences must never reach the terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that could move the cursor, change colours, or reorder text when printed.
fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    if c == '\n' && keep_newlines {
        return false;
    }
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c, keep_newlines) {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                _ => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of text made safe to print: every control character is shown escaped.
pub fn safe_line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Multi-line text made safe to print: newlines stay, everything else is escaped.
pub fn safe_text(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(safe_line("ok\x1b[2Jboom"), "ok\\u{1b}[2Jboom");
        assert_eq!(safe_line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(safe_text("a\nb\x07"), "a\nb\\u{7}");
        assert_eq!(safe_line("\u{202e}evil"), "\\u{202e}evil");
    }

    #[test]
    fn borrows_clean_text() {
        assert!(matches!(safe_line("Données ✓ 数据"), Cow::Borrowed(_)));
    }
}
