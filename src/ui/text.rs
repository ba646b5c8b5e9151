//! Fitting text into cells: display width (wide characters count double),
//! truncation with an ellipsis, and escaping of untrusted text.

use crate::model::text::safe_line;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One line of untrusted text, escaped and cut to `width` cells with `…`.
pub fn fit(text: &str, width: usize) -> String {
    truncate(&safe_line(text), width)
}

pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
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
    }
}
