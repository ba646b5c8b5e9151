//! Text from a board is untrusted input (a shared repository): control characters and
//! escape sequences must never reach the terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that could move the cursor, change colours, reorder text or hide it when
/// printed: the control characters, and the invisible format characters below.
fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    if c == '\n' && keep_newlines {
        return false;
    }
    if (c as u32) < 0xa0 {
        return c.is_control(); // ASCII and C1 (which includes CSI)
    }
    is_invisible(c)
}

/// Characters that print as nothing (or as a line break) yet change what text means or
/// how it is ordered: every bidirectional control (embeddings, overrides, isolates, the
/// marks, U+061C), the line and paragraph separators, zero-width and invisible
/// characters (U+200B, U+2060-2064, the BOM U+FEFF, the soft hyphen), the
/// deprecated format controls, interlinear annotation, blank Hangul fillers, and the
/// tag characters (U+E0000-E007F, used to hide text). Not the zero-width joiners
/// U+200C/U+200D or variation selectors: scripts (Persian, the Indic ones) and emoji
/// need them, and they only join what is visible.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    escape_but(text, |c| is_unsafe(c, keep_newlines))
}

fn escape_but(text: &str, is_unsafe: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
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

/// Multi-line text for an editor that lays out tabs itself (a form's description):
/// newlines and tabs stay, everything else is escaped.
pub fn safe_editable(text: &str) -> Cow<'_, str> {
    escape_but(text, |c| c != '\t' && is_unsafe(c, true))
}

/// Text typed, pasted or given on the command line for a one-line field (a title, a
/// label, a name): a tab, a newline or a carriage return becomes a space, and every
/// other control character (C0, DEL, C1: the stuff of escape sequences) is dropped.
/// Invisible format characters are kept, and shown escaped like any card text.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    clean(text, |c| match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    })
}

/// Text for a multi-line field (a description, a review note): newlines and tabs stay,
/// a carriage return is dropped (`\r\n` is a newline), and so is every other control
/// character.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    clean(text, |c| match c {
        '\t' | '\n' => Some(c),
        c if c.is_control() => None,
        c => Some(c),
    })
}

fn clean(text: &str, keep: impl Fn(char) -> Option<char>) -> Cow<'_, str> {
    if text.chars().all(|c| keep(c) == Some(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter_map(keep).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_loses_its_control_characters() {
        let pasted = "pre\x1b[31mRED\x07\x1b]0;PWN\x07post\ttab";
        assert_eq!(clean_line(pasted), "pre[31mRED]0;PWNpost tab");
        assert_eq!(clean_line("a\r\nb\u{7f}c\u{9b}d\u{85}e"), "a  bcde");
        assert_eq!(
            clean_text("line\r\n\tindented\x1b[2J\u{7f}\u{9b}end\n"),
            "line\n\tindented[2Jend\n"
        );
        // Everything else stays, invisible characters too (shown escaped).
        for text in ["Données ✓ 数据", "👩\u{200d}💻", "a\u{202e}b"] {
            assert!(matches!(clean_line(text), Cow::Borrowed(_)), "{text}");
            assert!(matches!(clean_text(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(safe_line("ok\x1b[2Jboom"), "ok\\u{1b}[2Jboom");
        assert_eq!(safe_line("a\nb\tc"), "a\\nb\\tc");
        assert_eq!(safe_text("a\nb\x07"), "a\nb\\u{7}");
        assert_eq!(safe_line("\u{202e}evil"), "\\u{202e}evil");
    }

    #[test]
    fn escapes_invisible_and_reordering_characters() {
        for c in [
            '\u{61c}',
            '\u{2028}',
            '\u{2029}',
            '\u{200b}',
            '\u{feff}',
            '\u{200e}',
            '\u{200f}',
            '\u{2066}',
            '\u{2069}',
            '\u{202a}',
            '\u{ad}',
            '\u{2060}',
            '\u{e0041}',
            '\u{3164}',
        ] {
            let text = format!("a{c}b");
            let escaped = format!("a\\u{{{:x}}}b", c as u32);
            assert_eq!(safe_line(&text), escaped);
            assert_eq!(safe_text(&text), escaped);
        }
        // Joiners that scripts and emoji need stay as they are.
        for text in ["می\u{200c}خواهم", "👩\u{200d}💻", "❤\u{fe0f}", "e\u{301}"] {
            assert!(matches!(safe_line(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn borrows_clean_text() {
        assert!(matches!(safe_line("Données ✓ 数据"), Cow::Borrowed(_)));
    }
}
