//! Popups that show text (help, problems, the card, messages, a sync conflict) and
//! the delete question. A text popup is laid out by one pure function of the state and
//! the screen (`text_popup`): `update` measures it through `popup_extent` to clamp the
//! scroll, and `draw` draws the same rows at the offset `update` left.

use super::theme::Theme;
use super::wrap::Doc;
use crate::app::App;
use crate::app::popup::{Extent, Popup};
use crate::app::scroll::Scroll;
use crate::keymap::{Command, Hint, Mode, hint, hint_all};
use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use unicode_width::UnicodeWidthStr;

/// A centred rectangle of at most `width` × `height` cells.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

/// The hint line of every popup that only shows text.
pub const SCROLL_HINTS: &[Hint] = &[
    hint(
        &[(Mode::Scroll, Command::Down), (Mode::Scroll, Command::Up)],
        "scroll",
    ),
    hint(&[(Mode::Scroll, Command::Close)], "close"),
];

/// The card view's hints: what can be done from inside it, then scrolling.
pub const CARD_HINTS: &[Hint] = &[
    hint(&[(Mode::Card, Command::Review)], "review"),
    hint(&[(Mode::Card, Command::EditCard)], "edit"),
    hint(
        &[(Mode::Scroll, Command::Down), (Mode::Scroll, Command::Up)],
        "scroll",
    ),
    hint(&[(Mode::Scroll, Command::Close)], "close"),
];

/// Clears the area and draws a bordered popup frame; returns the inside.
pub fn frame_popup(frame: &mut Frame, area: Rect, title: &str, hint: &str, theme: &Theme) -> Rect {
    clear_wide_left_of(frame, area);
    frame.render_widget(Clear, area);
    let block = Block::default()
        .style(theme.base())
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {title} "), theme.bold()))
        .title_bottom(Line::from(Span::styled(format!(" {hint} "), theme.dim())).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A wide character drawn just left of a popup covers the popup's first column on
/// the terminal (the screen diff skips the cell it covers): it gives way to a space.
fn clear_wide_left_of(frame: &mut Frame, area: Rect) {
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buffer.cell_mut((area.x - 1, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Where a scrolled popup is: the rows shown in its bottom border (`12–30 of 45`) and
/// a scroll bar over its right border, when its content is taller than it.
pub fn draw_position(frame: &mut Frame, outer: Rect, scroll: Scroll, hint: &str, theme: &Theme) {
    let (Some(long), Some(short)) = (scroll.position(), scroll.short_position()) else {
        return;
    };
    let room = usize::from(outer.width).saturating_sub(hint.width() + 6);
    let label = [long, short]
        .into_iter()
        .map(|position| format!(" {position} "))
        .find(|label| label.width() <= room);
    if let Some(label) = label {
        let at = Rect::new(outer.x + 2, outer.bottom() - 1, label.width() as u16, 1);
        frame.render_widget(Paragraph::new(Span::styled(label, theme.dim())), at);
    }
    draw_scrollbar(frame, outer, scroll, theme);
}

/// A scroll bar over a popup's right border, when its content is taller than it.
pub fn draw_scrollbar(frame: &mut Frame, outer: Rect, scroll: Scroll, theme: &Theme) {
    if !scroll.scrolls() {
        return;
    }
    let mut state = ScrollbarState::new(usize::from(scroll.max_offset()) + 1)
        .viewport_content_length(usize::from(scroll.rows()))
        .position(usize::from(scroll.offset()));
    let track = outer.inner(Margin::new(0, 1));
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_symbol("█")
            .style(theme.focused_border()),
        track,
        &mut state,
    );
}

/// A text popup laid out for the screen: its frame, and its text as rows fitted to
/// the inside (so the number of rows is known without drawing).
pub struct TextPopup {
    pub outer: Rect,
    pub inner: Rect,
    pub title: String,
    pub hint: String,
    pub rows: Vec<Line<'static>>,
}

impl TextPopup {
    /// Centred, `width` wide at most, as tall as its rows up to the screen (less a
    /// row above and below, so the board still shows where it is).
    fn lay_out(area: Rect, width: u16, title: String, hint: String, doc: Doc) -> TextPopup {
        let width = width.min(area.width);
        let height = (doc.len() as u16)
            .saturating_add(2)
            .min(area.height.saturating_sub(2))
            .max(3);
        let outer = centered(area, width, height);
        TextPopup {
            outer,
            inner: outer.inner(Margin::new(1, 1)),
            title,
            hint,
            rows: doc.rows,
        }
    }

    pub fn extent(&self) -> Extent {
        Extent {
            rows: self.inner.height,
            total: u16::try_from(self.rows.len()).unwrap_or(u16::MAX),
        }
    }

    pub fn draw(self, frame: &mut Frame, scroll: Scroll, theme: &Theme) {
        let inner = frame_popup(frame, self.outer, &self.title, &self.hint, theme);
        let rows: Vec<Line> = self
            .rows
            .into_iter()
            .skip(usize::from(scroll.offset()))
            .take(usize::from(inner.height))
            .collect();
        frame.render_widget(Paragraph::new(rows), inner);
        draw_position(frame, self.outer, scroll, &self.hint, theme);
    }
}

/// The inside width of a popup `width` wide on this screen.
fn inner_width(area: Rect, width: u16) -> u16 {
    width.min(area.width).saturating_sub(2)
}

/// The open popup as a text popup, laid out for `area`; `None` for the other popups.
pub fn text_popup(app: &App, popup: &Popup, area: Rect, theme: &Theme) -> Option<TextPopup> {
    let scroll_hint = app.keymap.hint(SCROLL_HINTS);
    let popup = match popup {
        Popup::Help(_) => {
            let doc = help(app, inner_width(area, 84), theme);
            TextPopup::lay_out(area, 84, "Help — every key".into(), scroll_hint, doc)
        }
        Popup::Problems(_) => {
            let width = area.width.saturating_sub(4);
            let doc = problems(app, inner_width(area, width), theme);
            let title = format!(
                "{} could not be read",
                crate::model::words::counted(app.problems.len(), "file")
            );
            TextPopup::lay_out(area, width, title, scroll_hint, doc)
        }
        Popup::Detail { card, .. } => {
            let doc = super::card_view::doc(app, card, inner_width(area, 90), theme);
            let title = app
                .board
                .card_by_id(card)
                .map_or_else(|| "Card".to_string(), |c| super::text::fit(&c.title, 80));
            TextPopup::lay_out(area, 90, title, app.keymap.hint(CARD_HINTS), doc)
        }
        Popup::Messages(_) => {
            let width = area.width.saturating_sub(4).min(120);
            let doc = super::messages::messages(app, inner_width(area, width), theme);
            let title = format!(
                "Messages of this session ({}), newest first, UTC",
                app.messages.len()
            );
            TextPopup::lay_out(area, width, title, scroll_hint, doc)
        }
        Popup::Conflict { conflict, .. } => {
            let width = area.width.saturating_sub(4).min(100);
            let doc = super::messages::conflict(app, conflict, inner_width(area, width), theme);
            let title = "Sync stopped: a git conflict".to_string();
            TextPopup::lay_out(area, width, title, scroll_hint, doc)
        }
        _ => return None,
    };
    Some(popup)
}

/// The help screen: every mode's keys from the live key map, then the card states.
fn help(app: &App, width: u16, theme: &Theme) -> Doc {
    let mut doc = Doc::new(width);
    let order = [
        Mode::Board,
        Mode::Global,
        Mode::Form,
        Mode::Text,
        Mode::Choice,
        Mode::Picker,
        Mode::Confirm,
        Mode::Scroll,
        Mode::Card,
        Mode::Search,
    ];
    for mode in order {
        if !doc.is_empty() {
            doc.blank();
        }
        doc.line(Span::styled(mode.title(), theme.bold()));
        for binding in app.keymap.bindings(mode) {
            let keys = if binding.keys.is_empty() {
                "(no key)".to_string()
            } else {
                binding.keys_label()
            };
            // Wrapped help lines start under the help, not under the keys.
            doc.item(
                Line::from(vec![
                    Span::styled(format!("  {keys:<22}"), theme.key()),
                    Span::raw(" "),
                    Span::raw(binding.help),
                ]),
                23,
            );
        }
    }
    doc.blank();
    doc.line(Span::styled("Card states", theme.bold()));
    for state in crate::model::CardState::ALL {
        doc.item(
            Line::from(vec![
                Span::styled(
                    format!("  {} {:<20}", state.symbol(), state.word()),
                    theme.state(state),
                ),
                Span::raw(match state {
                    crate::model::CardState::Passed => {
                        "a Business Stakeholder said Continue in this phase"
                    }
                    crate::model::CardState::AwaitingReview => {
                        "no deciding review in this phase yet"
                    }
                    crate::model::CardState::Rework => "the latest review asks for rework",
                    crate::model::CardState::Stopped => {
                        "the latest review is Stop: no forward moves"
                    }
                }),
            ]),
            23,
        );
    }
    doc
}

fn problems(app: &App, width: u16, theme: &Theme) -> Doc {
    let mut doc = Doc::new(width);
    if app.problems.is_empty() {
        doc.line("Every file was read.");
        return doc;
    }
    for problem in &app.problems {
        doc.item(problem.to_string(), 4);
    }
    doc.blank();
    doc.line(Span::styled(
        "mlboard never changes these files. Fix them in an editor (or resolve the git conflict); the board reloads them.",
        theme.dim(),
    ));
    doc
}

pub fn draw_confirm_delete(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    id: &crate::model::CardId,
    theme: &Theme,
) {
    let outer = centered(area, 60, 6);
    let hints = [
        hint(&[(Mode::Confirm, Command::Yes)], "delete"),
        hint_all(&[(Mode::Confirm, Command::No)], "keep"),
    ];
    let inner = frame_popup(
        frame,
        outer,
        "Delete card?",
        &app.keymap.hint(&hints),
        theme,
    );
    let title = app
        .board
        .card_by_id(id)
        .map_or_else(String::new, |c| super::text::fit(&c.title, 50));
    // Its reviews go with it (SPEC §2): say so, on a line of its own.
    let reviews = match app.board.reviews_of(id).len() {
        0 => None,
        n => Some(Line::from(format!(
            "Its {} are deleted with it.",
            crate::model::words::counted(n, "review")
        ))),
    };
    let undo = app.keymap.label(Mode::Board, Command::Undo);
    let mut answers = Vec::new();
    for (command, what) in [(Command::Yes, "delete"), (Command::No, "keep")] {
        let keys = app.keymap.distinct_labels(Mode::Confirm, command);
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                answers.push(Span::raw(" / "));
            }
            answers.push(Span::styled(key.clone(), theme.key()));
        }
        answers.push(Span::raw(format!(" {what}   ")));
    }
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Delete "),
            Span::styled(format!("\"{title}\""), theme.bold()),
            Span::raw("?"),
        ]),
        Line::from(format!(
            "Its file is removed; {undo} undoes it in this session."
        )),
        Line::from(answers),
    ];
    if let Some(reviews) = reviews {
        lines.insert(1, reviews);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
