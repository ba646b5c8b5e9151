//! Human output: fitting text to the terminal, and colour only where it can be seen.
//!
//! Every text that comes from the board goes through `safe_line` / `safe_text` before
//! it gets here: a shared repository is untrusted input.

use crate::model::CardState;
use crossterm::style::{Color, Stylize};
use std::io::IsTerminal;
use unicode_truncate::{Alignment, UnicodeTruncateStr};
use unicode_width::UnicodeWidthStr;

/// Width used when stdout is not a terminal (a pipe, a file) and `$COLUMNS` is unset.
const DEFAULT_WIDTH: usize = 100;

/// The narrowest width output is laid out for.
pub const MIN_WIDTH: usize = 20;

/// What stdout can show.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub width: usize,
    pub color: bool,
}

impl Screen {
    /// The terminal's width; off a terminal, `$COLUMNS` when set (so a script can ask
    /// for a width), else 100.
    pub fn detect() -> Screen {
        let terminal = std::io::stdout().is_terminal();
        let columns = || {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|c| *c > 0)
        };
        let width = terminal
            .then(|| crossterm::terminal::size().ok())
            .flatten()
            .map(|(cols, _)| usize::from(cols))
            .or_else(columns)
            .map_or(DEFAULT_WIDTH, |cols| cols.max(MIN_WIDTH));
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
    match max {
        0 => String::new(),
        _ => format!("{}…", text.unicode_truncate(max - 1).0),
    }
}

/// `text` (already fitted) padded with spaces to `columns`.
pub fn pad(text: &str, columns: usize) -> String {
    text.unicode_pad(columns, Alignment::Left, false)
        .into_owned()
}

/// Splits `text` into lines of at most `max` columns (at least 10), breaking at spaces
/// where it can and inside words that are longer than a line.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let options = textwrap::Options::new(max.max(10)).break_words(true);
    text.split('\n')
        .flat_map(|paragraph| {
            textwrap::wrap(paragraph, &options)
                .into_iter()
                .map(|line| line.into_owned())
        })
        .collect()
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
