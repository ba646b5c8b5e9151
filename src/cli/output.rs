//! Human output: fitting text to the terminal, and colour only where it can be seen.
//!
//! Every text that comes from the board goes through `safe_line` / `safe_text` before
//! it gets here: a shared repository is untrusted input.

use crate::model::CardState;
use crossterm::style::{Color, Stylize};
use std::io::IsTerminal;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Width used when stdout is not a terminal (a pipe, a file).
const DEFAULT_WIDTH: usize = 100;

/// What stdout can show.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub width: usize,
    pub color: bool,
}

impl Screen {
    pub fn detect() -> Screen {
        let terminal = std::io::stdout().is_terminal();
        let width = terminal
            .then(|| crossterm::terminal::size().ok())
            .flatten()
            .map_or(DEFAULT_WIDTH, |(cols, _)| usize::from(cols).max(20));
        // https://no-color.org: any non-empty NO_COLOR turns colour off
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Screen {
            width,
            color: terminal && !no_color,
        }
    }

    pub fn bold(&self, text: &str) -> String {
        if self.color {
            text.bold().to_string()
        } else {
            text.to_string()
        }
    }

    pub fn dim(&self, text: &str) -> String {
        if self.color {
            text.dim().to_string()
        } else {
            text.to_string()
        }
    }

    /// A review state's word, coloured when colour is on (the word always says it).
    pub fn state(&self, state: CardState, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        let color = match state {
            CardState::Passed => Color::Green,
            CardState::AwaitingReview => Color::Yellow,
            CardState::Rework => Color::Magenta,
            CardState::Stopped => Color::Red,
        };
        text.with(color).to_string()
    }
}

/// Display width of `text` (wide characters count two columns).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, ending in `…` when cut.
pub fn fit(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `text` (already fitted) padded with spaces to `columns`.
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_string();
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

/// Splits `text` into lines of at most `max` columns, breaking at spaces where it can.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(10);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let needed = if line.is_empty() { 0 } else { 1 } + width(word);
            if !line.is_empty() && width(&line) + needed > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            while width(&line) > max {
                let head = fit(&line, max + 1);
                let head = head.trim_end_matches('…').to_string();
                let rest = line[head.len()..].to_string();
                if head.is_empty() {
                    break;
                }
                lines.push(head);
                line = rest;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a longer title", 8), "a longe…");
        assert_eq!(width(&fit("数据质量检查数据", 7)), 7);
        assert_eq!(fit("数据质量", 5), "数据…");
        assert_eq!(pad("数据", 6), "数据  ");
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three four", 10), ["one two", "three four"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        let long = wrap(&"x".repeat(25), 10);
        assert_eq!(long, ["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    }
}
