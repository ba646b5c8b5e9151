//! Fitting text into cells: display width (wide characters count double),
//! truncation with an ellipsis, and escaping of untrusted text.

use crate::model::text::safe_line;
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// One line of untrusted text, escaped and cut to `width` cells with `…`.
pub fn fit(text: &str, width: usize) -> String {
    truncate(&safe_line(text), width)
}

/// Cuts text to `width` cells, ending in `…` when it had to be cut (wide characters
/// count double and are never split).
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let (kept, _) = text.unicode_truncate(width - 1);
    format!("{kept}…")
}

pub fn width(text: &str) -> usize {
    text.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("数据数据数据", 5), "数据…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(fit("a\x1bb", 10), "a\\u{1b}b");
        assert_eq!(truncate("ab数据", 3), "ab…");
        assert_eq!(truncate("ab", 0), "");
        assert_eq!(truncate("e\u{301}tude", 2), "e\u{301}…");
    }
}
