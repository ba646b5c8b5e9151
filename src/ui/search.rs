//! The `/` popup: the query, and the ranked hits with matched characters highlighted.

use super::popups::{centered, frame_popup};
use super::theme::Theme;
use crate::app::App;
use crate::app::popup::Extent;
use crate::app::search_popup::SearchPopup;
use crate::keymap::{Command, Mode, hint};
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
        "type to search titles, descriptions, role tags and ids".to_string()
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
            let selected = i == search.selected;
            let base = if selected {
                theme.selected()
            } else {
                Style::default()
            };
            let mut spans = vec![
                Span::styled(if selected { "▌" } else { " " }, base),
                Span::styled(
                    format!("{:<12}", card.phase.name()),
                    base.patch(theme.dim()),
                ),
            ];
            let tags: Vec<&str> = card.roles.iter().map(|r| r.tag()).collect();
            let tags = format!("  {}  {}", tags.join(" "), card.id);
            let room = width.saturating_sub(13 + tags.chars().count());
            let title = safe_line(&card.title);
            let matched = app.searcher.match_indices(&title, &query);
            spans.extend(highlighted(&title, &matched, room, base, theme));
            spans.push(Span::styled(tags, base.patch(theme.dim())));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
}

/// The title cut to `room` cells, matched characters highlighted.
fn highlighted(
    title: &str,
    matched: &[usize],
    room: usize,
    base: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, c) in title.chars().enumerate() {
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
    spans
}
