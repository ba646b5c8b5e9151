//! Styled lines wrapped to a width before they are drawn, so a popup's text is rows
//! whose number is known without drawing (`update` clamps the scroll against it) and
//! a wrapped line keeps its indent. Words are found and laid out by `textwrap`; a
//! word wider than the row is broken by display width (wide characters count double
//! and are never split).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use textwrap::WordSeparator;
use textwrap::core::{Fragment, Word};
use unicode_width::UnicodeWidthStr;

/// A word of a styled line: the word, its trailing spaces, and its span's style.
#[derive(Debug)]
struct Piece<'a> {
    word: Word<'a>,
    style: Style,
}

impl Fragment for Piece<'_> {
    fn width(&self) -> f64 {
        self.word.width as f64
    }

    fn whitespace_width(&self) -> f64 {
        self.word.whitespace.width() as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// The cells of leading spaces a line starts with.
fn leading_spaces(line: &Line) -> usize {
    let mut count = 0;
    for span in &line.spans {
        let trimmed = span.content.trim_start_matches(' ');
        count += span.content.len() - trimmed.len();
        if !trimmed.is_empty() {
            break;
        }
    }
    count
}

/// One line as rows of at most `width` cells. Rows after the first start with the
/// line's own leading spaces plus `hang` more, so a wrapped description or list item
/// stays in its column.
pub fn wrap_line(line: &Line<'_>, width: u16, hang: usize) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    if line.width() <= width {
        return vec![owned(line)];
    }
    // Continuation rows keep at least half the width for text.
    let indent = (leading_spaces(line) + hang).min(width / 2);
    let rest = width - indent;
    let mut pieces = Vec::new();
    for span in &line.spans {
        let style = span.style;
        for word in WordSeparator::AsciiSpace.find_words(&span.content) {
            if word.width > rest {
                pieces.extend(word.break_apart(rest).map(|word| Piece { word, style }));
            } else {
                pieces.push(Piece { word, style });
            }
        }
    }
    let rows = textwrap::wrap_algorithms::wrap_first_fit(&pieces, &[width as f64, rest as f64]);
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            if i > 0 && indent > 0 {
                spans.push(Span::raw(" ".repeat(indent)));
            }
            for (j, piece) in row.iter().enumerate() {
                let mut text = piece.word.word.to_string();
                // The spaces after the row's last word are where it wrapped.
                if j + 1 < row.len() {
                    text.push_str(piece.word.whitespace);
                }
                match spans.last_mut() {
                    Some(last) if last.style == piece.style => {
                        last.content.to_mut().push_str(&text);
                    }
                    _ => spans.push(Span::styled(text, piece.style)),
                }
            }
            Line::from(spans).style(line.style)
        })
        .collect()
}

fn owned(line: &Line<'_>) -> Line<'static> {
    let spans: Vec<Span<'static>> = line
        .spans
        .iter()
        .map(|s| Span::styled(s.content.to_string(), s.style))
        .collect();
    Line::from(spans).style(line.style)
}

/// A text document laid out for a width: every line pushed is wrapped into rows.
pub struct Doc {
    width: u16,
    pub rows: Vec<Line<'static>>,
}

impl Doc {
    pub fn new(width: u16) -> Doc {
        Doc {
            width,
            rows: Vec::new(),
        }
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    /// A line whose wrapped rows line up under its first word.
    pub fn line(&mut self, line: impl Into<Line<'static>>) {
        self.item(line, 0);
    }

    /// A line whose wrapped rows are indented `hang` cells further (a list item).
    pub fn item(&mut self, line: impl Into<Line<'static>>, hang: usize) {
        let line = line.into();
        self.rows.extend(wrap_line(&line, self.width, hang));
    }

    pub fn blank(&mut self) {
        self.rows.push(Line::from(""));
    }

    /// Rows as they are, already fitted to the width by the caller.
    pub fn raw(&mut self, line: Line<'static>) {
        self.rows.push(line);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Line]) -> Vec<String> {
        rows.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wrapped_rows_keep_the_indent_and_fit() {
        let line = Line::from("  What problem do we solve, for whom, and why now?");
        let rows = wrap_line(&line, 20, 0);
        assert_eq!(
            texts(&rows),
            [
                "  What problem do we",
                "  solve, for whom,",
                "  and why now?"
            ]
        );
        assert!(rows.iter().all(|r| r.width() <= 20));
        let item = Line::from("  BS  Business Stakeholder — product owner");
        assert_eq!(
            texts(&wrap_line(&item, 26, 4)),
            ["  BS  Business Stakeholder", "      — product owner"]
        );
    }

    #[test]
    fn long_words_and_wide_characters_are_broken_by_width() {
        let rows = wrap_line(&Line::from("数据数据数据数据 abcdefghijkl"), 7, 0);
        assert!(rows.iter().all(|r| r.width() <= 7), "{:?}", texts(&rows));
        assert_eq!(
            texts(&rows).concat().replace(' ', ""),
            "数据数据数据数据abcdefghijkl"
        );
    }

    #[test]
    fn styles_stay_with_their_words() {
        let bold = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("Reviews", bold),
            Span::raw(" one two three four"),
        ]);
        let rows = wrap_line(&line, 12, 0);
        assert_eq!(rows[0].spans[0].content, "Reviews");
        assert_eq!(rows[0].spans[0].style, bold);
        assert_eq!(texts(&rows), ["Reviews one", "two three", "four"]);
    }

    #[test]
    fn a_short_line_is_one_row_and_an_empty_one_too() {
        assert_eq!(wrap_line(&Line::from("short"), 10, 2).len(), 1);
        assert_eq!(wrap_line(&Line::from(""), 10, 2).len(), 1);
        assert_eq!(wrap_line(&Line::from("x y"), 0, 0).len(), 2);
    }
}
