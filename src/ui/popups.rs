//! Read-only popups: help, problems, card detail, delete confirmation (insights have
//! their own module).

use super::text::fit;
use super::theme::Theme;
use crate::app::App;
use crate::app::scroll::Scroll;
use crate::keymap::{Command, Hint, Mode, hint, hint_all};
use crate::model::metric::{MetricSummary, Status, summaries};
use crate::model::text::safe_text;
use crate::model::{CardId, Verdict};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

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

/// Clears the area and draws a bordered popup frame; returns the inside.
pub fn frame_popup(frame: &mut Frame, area: Rect, title: &str, hint: &str, theme: &Theme) -> Rect {
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

/// A popup sized to its text (up to the screen), scrolled when the text is longer.
#[allow(clippy::too_many_arguments)]
fn text_popup(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    title: &str,
    hint: &str,
    lines: Vec<Line<'static>>,
    scroll: Scroll,
    theme: &Theme,
) {
    let height = (lines.len() as u16).saturating_add(2);
    let outer = centered(area, width, height.min(area.height.saturating_sub(2)));
    let inner = frame_popup(frame, outer, title, hint, theme);
    scrolled(frame, inner, lines, scroll)
}

/// A long text in a popup, scrolled; the scroll is clamped to the text here because
/// only drawing knows how many rows the popup got.
fn scrolled(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, scroll: Scroll) {
    let max = (lines.len() as u16).saturating_sub(area.height);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll.0.min(max), 0)),
        area,
    );
}

/// The help screen: every mode's keys from the live key map, then the card states.
pub fn draw_help(frame: &mut Frame, area: Rect, app: &App, scroll: Scroll, theme: &Theme) {
    let mut lines = Vec::new();
    let order = [
        Mode::Board,
        Mode::Global,
        Mode::Form,
        Mode::Text,
        Mode::Choice,
        Mode::Picker,
        Mode::Confirm,
        Mode::Scroll,
        Mode::Search,
    ];
    for mode in order {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(mode.title(), theme.bold())));
        for binding in app.keymap.bindings(mode) {
            let keys = if binding.keys.is_empty() {
                "(no key)".to_string()
            } else {
                binding.keys_label()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<22}"), theme.key()),
                Span::raw(" "),
                Span::raw(binding.help),
            ]));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Card states", theme.bold())));
    for state in crate::model::CardState::ALL {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} {:<20}", state.symbol(), state.word()),
                theme.state(state),
            ),
            Span::raw(match state {
                crate::model::CardState::Passed => {
                    "a Business Stakeholder said Continue in this phase"
                }
                crate::model::CardState::AwaitingReview => "no deciding review in this phase yet",
                crate::model::CardState::Rework => "the latest review asks for rework",
                crate::model::CardState::Stopped => "the latest review is Stop: no forward moves",
            }),
        ]));
    }
    text_popup(
        frame,
        area,
        84,
        "Help — every key",
        &app.keymap.hint(SCROLL_HINTS),
        lines,
        scroll,
        theme,
    );
}

pub fn draw_problems(frame: &mut Frame, area: Rect, app: &App, scroll: Scroll, theme: &Theme) {
    let title = format!(
        "{} could not be read",
        crate::model::words::counted(app.problems.len(), "file")
    );
    let mut lines: Vec<Line> = app
        .problems
        .iter()
        .map(|p| Line::from(p.to_string()))
        .collect();
    if lines.is_empty() {
        lines.push(Line::from("Every file was read."));
    } else {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "mlboard never changes these files. Fix them in an editor (or resolve the git conflict); the board reloads them.",
            theme.dim(),
        )));
    }
    text_popup(
        frame,
        area,
        area.width.saturating_sub(4),
        &title,
        &app.keymap.hint(SCROLL_HINTS),
        lines,
        scroll,
        theme,
    );
}

pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    id: &CardId,
    scroll: Scroll,
    theme: &Theme,
) {
    let Some(key) = app.board.key_of(id) else {
        let outer = centered(area, 90, 3);
        let close = app.keymap.hint(&SCROLL_HINTS[1..]);
        let inner = frame_popup(frame, outer, "Card", &close, theme);
        frame.render_widget(Paragraph::new("This card no longer exists."), inner);
        return;
    };
    let card = app.board.card(key);
    let state = app.board.state(key);
    let label = |text: &str| Span::styled(format!("{text:<10}"), theme.dim());
    let key = |command| app.keymap.label(Mode::Board, command);
    let mut lines = vec![
        Line::from(vec![label("id"), Span::raw(card.id.to_string())]),
        Line::from(vec![
            label("phase"),
            Span::styled(card.phase.to_string(), theme.bold()),
        ]),
        Line::from(vec![
            label("state"),
            Span::styled(
                format!("{} {}", state.symbol(), state.word()),
                theme.state(state),
            ),
        ]),
        Line::from(vec![label("created"), Span::raw(card.created.to_string())]),
    ];
    if !card.labels.is_empty() {
        let labels: Vec<String> = card.labels.iter().map(|l| format!("#{l}")).collect();
        lines.push(Line::from(vec![
            label("labels"),
            Span::raw(labels.join(" ")),
        ]));
    }
    if let Some(due) = card.due {
        let mut spans = vec![label("due"), Span::raw(due.to_string())];
        if card.is_overdue(app.today()) {
            spans.push(Span::styled(" overdue", theme.error()));
        }
        lines.push(Line::from(spans));
    }
    if let Some(archived) = card.archived {
        lines.push(Line::from(vec![
            label("archived"),
            Span::raw(archived.to_string()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Roles", theme.bold())));
    if card.roles.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  none — {} sets them", key(Command::ToggleRoles)),
            theme.dim(),
        )));
    }
    for role in card.roles.iter() {
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<4}", role.tag()), theme.role(role)),
            Span::raw(format!("{} — {}", role.label(), role.duty())),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Description", theme.bold())));
    if card.description.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "  none — {} or {} edits it",
                key(Command::EditCard),
                key(Command::EditDescription)
            ),
            theme.dim(),
        )));
    }
    for line in safe_text(&card.description).lines() {
        lines.push(Line::from(format!("  {line}")));
    }
    lines.push(Line::from(""));
    lines.extend(metric_lines(app, &card.id, theme));
    let reviews = app.board.reviews_of(&card.id);
    lines.push(Line::from(Span::styled(
        format!("Reviews ({})", reviews.len()),
        theme.bold(),
    )));
    if reviews.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  none yet — {} records one", key(Command::Review)),
            theme.dim(),
        )));
    }
    for review in reviews.iter().rev() {
        let verdict_style = match review.verdict {
            Verdict::Continue => theme.state(crate::model::CardState::Passed),
            Verdict::Rework => theme.state(crate::model::CardState::Rework),
            Verdict::Stop => theme.state(crate::model::CardState::Stopped),
        };
        let mut spans = vec![
            Span::raw(format!("  {}  ", review.at)),
            Span::styled(format!("{:<8}", review.verdict.name()), verdict_style),
            Span::raw(format!(
                " {} ({}) in {}",
                fit(&review.reviewer, 30),
                review.role.role().tag(),
                review.phase
            )),
        ];
        if !review.note.is_empty() {
            spans.push(Span::styled(
                format!(" — {}", fit(&review.note, 200)),
                theme.dim(),
            ));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        match card.history.len() {
            1 => "History (1 move)".to_string(),
            n => format!("History ({n} moves)"),
        },
        theme.bold(),
    )));
    if card.history.is_empty() {
        lines.push(Line::from(Span::styled("  no moves yet", theme.dim())));
    }
    for entry in card.history.iter().rev() {
        let mut spans = vec![Span::raw(format!(
            "  {}  {} → {}  by {}",
            entry.at,
            entry.from,
            entry.to,
            fit(&entry.by, 30)
        ))];
        if entry.ungated {
            spans.push(Span::styled("  ungated", theme.warning()));
        }
        lines.push(Line::from(spans));
    }
    text_popup(
        frame,
        area,
        90,
        &fit(&card.title, 80),
        &app.keymap.hint(SCROLL_HINTS),
        lines,
        scroll,
        theme,
    );
}

/// The board's key metrics (goal, latest value, status) and the measurements this card
/// produced: the evidence beside a Continue / Rework / Stop. Nothing when the board
/// declares no metric and the card has no measurement.
fn metric_lines(app: &App, card: &CardId, theme: &Theme) -> Vec<Line<'static>> {
    let board = &app.board;
    let summaries = summaries(&board.settings.metrics, &board.measurements);
    let measured = board.measurements.of_card(card);
    let mut lines = Vec::new();
    if !summaries.is_empty() {
        lines.push(Line::from(Span::styled("Key metrics", theme.bold())));
        lines.extend(summaries.iter().map(|s| summary_line(s, theme)));
        lines.push(Line::from(""));
    }
    if !measured.is_empty() || !summaries.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Measurements from this card ({})", measured.len()),
            theme.bold(),
        )));
        if measured.is_empty() {
            lines.push(Line::from(Span::styled(
                "  none — mlboard metric record NAME VALUE --card ID records one",
                theme.dim(),
            )));
        }
        for m in measured.iter().rev() {
            let source = m
                .source
                .as_deref()
                .map_or(String::new(), |s| format!(" — {}", fit(s, 60)));
            lines.push(Line::from(vec![
                Span::raw(format!("  {}  {} = {}", m.at, m.metric, m.value)),
                Span::styled(
                    format!(" in {} by {}{source}", m.phase, fit(&m.by, 30)),
                    theme.dim(),
                ),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines
}

/// `  recall  ≥ 0.85  latest 0.83  ✗ missed ↘`: one key metric on one line.
pub fn summary_line(s: &MetricSummary, theme: &Theme) -> Line<'static> {
    let latest = s.latest().map_or("—".to_string(), |m| m.value.to_string());
    let trend = s
        .trend
        .map_or(String::new(), |t| format!(" {} {}", t.symbol(), t.name()));
    let style = match s.status {
        Status::Met => theme.state(crate::model::CardState::Passed),
        Status::Missed => theme.state(crate::model::CardState::Stopped),
        Status::Unmeasured => theme.dim(),
    };
    Line::from(vec![
        Span::raw(format!(
            "  {:<18} goal {:<9} latest {:<9} ",
            fit(s.decl.name.as_str(), 18),
            s.decl.goal.symbol(),
            fit(&latest, 9)
        )),
        Span::styled(format!("{} {}", s.status.symbol(), s.status.name()), style),
        Span::raw(trend),
    ])
}

pub fn draw_confirm_delete(frame: &mut Frame, area: Rect, app: &App, id: &CardId, theme: &Theme) {
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
        .map_or_else(String::new, |c| fit(&c.title, 50));
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
    let lines = vec![
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
    let mut lines = lines;
    if let Some(reviews) = reviews {
        lines.insert(1, reviews);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
