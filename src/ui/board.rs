//! The three columns and their cards. Only the visible cards are drawn, so a
//! column of 100,000 cards costs no more than one of ten.

use super::text::{fit, truncate, width as cells};
use super::theme::Theme;
use crate::app::App;
use crate::app::layout::CARD_HEIGHT;
use crate::model::{Card, CardState, Date, Phase};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw_columns(frame: &mut Frame, areas: &[Rect; 3], app: &App, theme: &Theme) {
    for phase in Phase::ALL {
        draw_column(frame, areas[phase.index()], app, phase, theme);
    }
}

/// `Development 3`, `Development 3/5` with a WIP limit, `3/12` shown of all when filtered.
pub fn column_title(app: &App, phase: Phase) -> (String, bool) {
    let board = &app.board;
    let active = board.active_count(phase);
    let shown = app.view.column(phase).visible.len();
    let limit = board.settings.wip_limits.get(phase);
    let over = limit.is_some_and(|l| active > l as usize);
    let mut title = if app.view.filter.is_active() {
        // Out of the cards the board would show without the filter.
        let total = if app.view.show_archived {
            board.column(phase).len()
        } else {
            active
        };
        format!("{phase} {shown}/{total}")
    } else {
        format!("{phase} {active}")
    };
    if let Some(limit) = limit {
        if app.view.filter.is_active() {
            title.push_str(&format!(" · WIP {active}/{limit}"));
        } else {
            title.push_str(&format!("/{limit}"));
        }
    }
    if over {
        title.push_str(" over limit");
    }
    let archived = board.column(phase).len() - active;
    if app.view.show_archived && archived > 0 && !app.view.filter.is_active() {
        title.push_str(&format!(" +{archived} archived"));
    }
    (title, over)
}

fn draw_column(frame: &mut Frame, area: Rect, app: &App, phase: Phase, theme: &Theme) {
    let focused = app.view.focus == phase;
    let (title, over) = column_title(app, phase);
    let title_style = if over {
        theme.over_limit()
    } else if focused {
        theme.focused_border()
    } else {
        theme.bold()
    };
    let column = app.view.column(phase);
    let page = app.view.page;
    let below = column.visible.len().saturating_sub(column.offset + page);
    let mut block = theme
        .block(focused)
        .title(Span::styled(format!(" {title} "), title_style));
    if column.offset > 0 {
        block = block.title_top(Line::from(format!(" ↑ {} more ", column.offset)).right_aligned());
    }
    if below > 0 {
        block = block.title_bottom(Line::from(format!(" ↓ {below} more ")).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if column.visible.is_empty() {
        draw_drop_marker(frame, area, inner, app, phase, theme);
        let hint = if app.view.filter.is_active() {
            "no cards match the filter".to_string()
        } else if focused && app.read_only.is_none() {
            let new = app
                .keymap
                .label(crate::keymap::Mode::Board, crate::keymap::Command::NewCard);
            format!("no cards — {new} adds one")
        } else {
            "no cards".to_string()
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), inner);
        return;
    }
    draw_drop_marker(frame, area, inner, app, phase, theme);
    let end = (column.offset + page).min(column.visible.len());
    let today = app.today();
    for (row, index) in (column.offset..end).enumerate() {
        let y = inner.y + row as u16 * CARD_HEIGHT;
        if y + 1 >= inner.y + inner.height {
            break;
        }
        let key = column.visible[index];
        let card_area = Rect::new(inner.x, y, inner.width, 2);
        let selected = focused && index == column.selected;
        let state = app.board.state(key);
        frame.render_widget(
            Paragraph::new(card_lines(
                app.board.card(key),
                state,
                today,
                card_area.width,
                selected,
                theme,
            )),
            card_area,
        );
    }
}

/// While a card is dragged: a bar where it would land (in the gap above that place,
/// or on the border when the place is the first or the last row).
fn draw_drop_marker(
    frame: &mut Frame,
    area: Rect,
    inner: Rect,
    app: &App,
    phase: Phase,
    theme: &Theme,
) {
    let Some(target) = app.drag.and_then(|d| d.target) else {
        return;
    };
    if target.phase != phase {
        return;
    }
    let column = app.view.column(phase);
    let rows_above = target.slot.saturating_sub(column.offset) as u16 * CARD_HEIGHT;
    let y = if rows_above == 0 {
        area.y
    } else {
        inner.y + rows_above - 1
    };
    let text = " ▶ drop here ";
    if y >= inner.y && y < inner.y + inner.height {
        let width = usize::from(inner.width);
        let bar = format!("{text:━^width$}");
        frame.render_widget(
            Paragraph::new(Span::styled(bar, theme.drop_marker())),
            Rect::new(inner.x, y, inner.width, 1),
        );
    } else {
        // On the border (the top, or the bottom when the column is full).
        let y = y.min(area.y + area.height.saturating_sub(1));
        let width = (cells(text) as u16).min(inner.width);
        let x = inner.x + inner.width.saturating_sub(width);
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.drop_marker())),
            Rect::new(x, y, width, 1),
        );
    }
}

/// A card's two lines: its title (and due date), then its role tags, labels and
/// review state. `today` (UTC) says whether the due date has passed.
pub fn card_lines(
    card: &Card,
    state: CardState,
    today: Date,
    width: u16,
    selected: bool,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let marker = if selected { "▌" } else { " " };
    let base = if card.is_archived() {
        theme.dim()
    } else {
        Style::default()
    };
    let base = if selected {
        base.patch(theme.selected())
    } else {
        base
    };
    vec![
        title_line(card, today, width, marker, base, theme),
        tags_line(card, state, width, marker, base, theme),
    ]
}

/// A title keeps at least this much room (or a third of the card) from the due date.
const MIN_TITLE: usize = 10;

/// The due date as the card shows it, long and short: `due 12-15` and `12-15` (the
/// year only when it is not this year's), or `overdue 12-15` and `overdue` once past
/// it (the word is what must never be cut).
fn due_texts(card: &Card, today: Date) -> Option<(String, String, bool)> {
    let due = card.due?;
    let day = if due.year() == today.year() {
        format!("{:02}-{:02}", due.month(), due.day())
    } else {
        due.to_string()
    };
    if card.is_overdue(today) {
        return Some((format!("overdue {day}"), "overdue".to_string(), true));
    }
    Some((format!("due {day}"), day, false))
}

fn title_line(
    card: &Card,
    today: Date,
    width: usize,
    marker: &'static str,
    base: Style,
    theme: &Theme,
) -> Line<'static> {
    let room = width.saturating_sub(1);
    // The due date sits at the right; the title gives way to it, down to MIN_TITLE
    // (a third of a narrow card).
    let min_title = MIN_TITLE.min(room / 3).min(cells(&card.title));
    let due = due_texts(card, today).and_then(|(long, short, overdue)| {
        let fits = |text: &str| room >= cells(text) + 1 + min_title;
        let text = if fits(&long) {
            long
        } else if fits(&short) || overdue {
            short
        } else {
            return None;
        };
        let style = if overdue && !card.is_archived() {
            theme.error()
        } else {
            theme.dim()
        };
        Some((text, style))
    });
    let due_width = due.as_ref().map_or(0, |(text, _)| cells(text) + 1);
    let title = fit(&card.title, room.saturating_sub(due_width));
    let pad = room.saturating_sub(cells(&title) + due_width);
    let mut spans = vec![
        Span::styled(marker, base),
        Span::styled(title, base.patch(theme.bold())),
        Span::styled(" ".repeat(pad), base),
    ];
    if let Some((text, style)) = due {
        let text = truncate(&text, room.saturating_sub(1));
        spans.push(Span::styled(" ", base));
        spans.push(Span::styled(text, base.patch(style)));
    }
    Line::from(spans)
}

fn tags_line(
    card: &Card,
    state: CardState,
    width: usize,
    marker: &'static str,
    base: Style,
    theme: &Theme,
) -> Line<'static> {
    // Priority when room is short: every role tag (roles are always shown as text),
    // then the state's symbol, then the labels, then the state in words.
    let (full_state, medium_state, short_state) = if card.is_archived() {
        (
            "archived".to_string(),
            "archived".to_string(),
            "A".to_string(),
        )
    } else {
        let short_word = match state {
            CardState::AwaitingReview => "awaiting",
            other => other.word(),
        };
        (
            format!("{} {}", state.symbol(), state.word()),
            format!("{} {short_word}", state.symbol()),
            state.symbol().to_string(),
        )
    };
    let tags: Vec<_> = if card.roles.is_empty() {
        vec![("no role".to_string(), theme.dim())]
    } else {
        card.roles
            .iter()
            .map(|r| (r.tag().to_string(), theme.role(r)))
            .collect()
    };
    let tags_width = tags.iter().map(|(t, _)| cells(t) + 1).sum::<usize>();
    let labels: Vec<String> = card.labels.iter().map(|l| format!("#{l}")).collect();
    let labels = labels.join(" ");
    let labels_width = if labels.is_empty() {
        0
    } else {
        cells(&labels) + 1
    };
    let fits = |text: &str| 1 + tags_width + labels_width + cells(text) <= width;
    let state_text = if fits(&full_state) {
        full_state
    } else if fits(&medium_state) {
        medium_state
    } else {
        short_state
    };
    let mut spans = vec![Span::styled(marker, base)];
    let mut used = 1;
    let room_for_tags = width.saturating_sub(1 + cells(&state_text) + 1);
    for (i, (tag, style)) in tags.into_iter().enumerate() {
        let piece = if i == 0 { tag } else { format!(" {tag}") };
        if used + cells(&piece) > room_for_tags + 1 {
            spans.push(Span::styled("…", base));
            used += 1;
            break;
        }
        used += cells(&piece);
        spans.push(Span::styled(piece, base.patch(style)));
    }
    // The labels take what is left before the state, cut with `…` (at least `#x…`).
    let room_for_labels = width.saturating_sub(used + 1 + cells(&state_text) + 1);
    if !labels.is_empty() && room_for_labels >= 3 {
        let labels = truncate(&labels, room_for_labels);
        used += 1 + cells(&labels);
        spans.push(Span::styled(" ", base));
        spans.push(Span::styled(labels, base));
    }
    let state_text = truncate(&state_text, width.saturating_sub(used + 1));
    let gap = width.saturating_sub(used + cells(&state_text));
    spans.push(Span::styled(" ".repeat(gap), base));
    let state_style = if card.is_archived() {
        theme.dim()
    } else {
        theme.state(state)
    };
    spans.push(Span::styled(state_text, base.patch(state_style)));
    Line::from(spans)
}
