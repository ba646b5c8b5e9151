//! The `/` popup: the query, and the ranked hits with matched characters highlighted.

use super::popups::{centered, frame_popup};
use super::theme::Theme;
use crate::app::App;
use crate::app::popup::Extent;
use crate::app::search_popup::SearchPopup;
use crate::keymap::{Command, Mode, hint};
use crate::model::Card;
use crate::model::text::safe_line;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthChar;

fn outer_area(area: Rect) -> Rect {
    centered(area, 100, area.height.saturating_sub(4))
}

/// The query (three rows) and the count line above the hits.
const ABOVE_HITS: u16 = 4;

/// The rows of hits the popup shows and how many hits there are, for `update`.
pub fn extent(search: &SearchPopup, area: Rect) -> Extent {
    let inner_height = outer_area(area).height.saturating_sub(2);
    Extent {
        rows: inner_height.saturating_sub(ABOVE_HITS).max(1),
        total: u16::try_from(search.hits.len()).unwrap_or(u16::MAX),
    }
}

pub fn draw_search(frame: &mut Frame, area: Rect, app: &App, search: &SearchPopup, theme: &Theme) {
    let outer = outer_area(area);
    let hints = [
        hint(
            &[(Mode::Search, Command::Up), (Mode::Search, Command::Down)],
            "choose",
        ),
        hint(&[(Mode::Search, Command::Jump)], "jump"),
        hint(&[(Mode::Search, Command::Close)], "back"),
    ];
    let inner = frame_popup(frame, outer, "Search", &app.keymap.hint(&hints), theme);
    let [query_area, count_area, list_area] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focused_border());
    let query_inner = block.inner(query_area);
    frame.render_widget(block, query_area);
    frame.render_widget(&search.query.0, query_inner);
    let query = search.query.text();
    let count = if query.trim().is_empty() {
        "type to search titles, descriptions, roles, labels and ids".to_string()
    } else {
        format!(
            "{} matching {}",
            search.total,
            crate::model::words::noun_for(search.total, "card")
        )
    };
    frame.render_widget(Paragraph::new(Span::styled(count, theme.dim())), count_area);

    let rows = usize::from(list_area.height);
    let start = usize::from(search.scroll.offset());
    let width = usize::from(list_area.width);
    let lines: Vec<Line> = search
        .hits
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, key)| {
            let card = app.board.card(*key);
            hit_line(app, card, &query, i == search.selected, width, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
}

/// One hit: its phase, its title, a stretch of its description (or a label) when a
/// word matched only there, its role tags and its id, each with the matched characters
/// highlighted.
fn hit_line(
    app: &App,
    card: &Card,
    query: &str,
    selected: bool,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let base = if selected {
        theme.selected()
    } else {
        Style::default()
    };
    let dim = base.patch(theme.dim());
    let mut spans = vec![
        Span::styled(if selected { "▌" } else { " " }, base),
        Span::styled(format!("{:<12}", card.phase.name()), dim),
    ];
    let marks = app.searcher.highlights(card, query);
    let tags: Vec<&str> = card.roles.iter().map(|r| r.tag()).collect();
    let tail = 2 + tags.join(" ").chars().count() + 2 + card.id.as_str().len();
    let room = width.saturating_sub(13 + tail);
    let title = safe_line(&card.title);
    let (title, used) = highlighted(&title, &marks.title, 0, room, base, theme);
    spans.extend(title);
    // a word found only in a field the row does not show: show it there
    if let Some((text, matched)) = &marks.elsewhere
        && room.saturating_sub(used) >= EXCERPT_MIN
    {
        let left = room - used - 3;
        // some context before the match, never so much that the match is cut off
        let lead = EXCERPT_LEAD.min(left / 4);
        let start = matched.first().map_or(0, |m| m.saturating_sub(lead));
        spans.push(Span::styled(if start > 0 { "  …" } else { "   " }, dim));
        spans.extend(highlighted(text, matched, start, left, dim, theme).0);
    }
    spans.push(Span::styled("  ", dim));
    for (i, (tag, matched)) in tags.iter().zip(&marks.tags).enumerate() {
        if i > 0 {
            spans.push(Span::styled(" ", dim));
        }
        spans.extend(highlighted(tag, matched, 0, usize::MAX, dim, theme).0);
    }
    spans.push(Span::styled("  ", dim));
    spans.extend(highlighted(card.id.as_str(), &marks.id, 0, usize::MAX, dim, theme).0);
    Line::from(spans)
}

/// An excerpt of the description starts up to this many characters before the first
/// match; and it takes at least this many cells, or is left out.
const EXCERPT_LEAD: usize = 12;
const EXCERPT_MIN: usize = 16;

/// `text` from its `skip`th character, cut to `room` cells, matched characters
/// (indices into `text`) highlighted; and the cells it takes.
fn highlighted(
    text: &str,
    matched: &[usize],
    skip: usize,
    room: usize,
    base: Style,
    theme: &Theme,
) -> (Vec<Span<'static>>, usize) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, c) in text.chars().enumerate().skip(skip) {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        let style = if matched.binary_search(&i).is_ok() {
            base.patch(theme.highlight())
        } else {
            base
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    (spans, used)
}
