//! Read-only popups: help, problems, card detail, delete confirmation, insights.

use super::text::fit;
use super::theme::Theme;
use crate::app::App;
use crate::app::scroll::Scroll;
use crate::keymap::{Command, Hint, Mode, hint, hint_all};
use crate::model::insights::Insights;
use crate::model::text::safe_text;
use crate::model::{CardId, Phase, Role, Verdict, format_duration};
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

pub fn draw_insights(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    insights: &Insights,
    scroll: Scroll,
    theme: &Theme,
) {
    let mut lines = vec![Line::from(Span::styled("Phases", theme.bold()))];
    lines.push(Line::from(Span::styled(
        format!(
            "  {:<12} {:>7} {:>9} {:>10} {:>16} {:>16}",
            "phase", "cards", "archived", "WIP", "avg time so far", "avg stay (done)"
        ),
        theme.dim(),
    )));
    for phase in Phase::ALL {
        let stats = &insights.phases[phase.index()];
        let wip = match stats.wip_limit {
            Some(limit) if stats.active > limit as usize => {
                format!("{}/{} over", stats.active, limit)
            }
            Some(limit) => format!("{}/{}", stats.active, limit),
            None => "—".to_string(),
        };
        let time = |secs: Option<i64>| secs.map_or_else(|| "—".to_string(), format_duration);
        lines.push(Line::from(format!(
            "  {:<12} {:>7} {:>9} {:>10} {:>16} {:>16}",
            phase.name(),
            stats.active,
            stats.archived,
            wip,
            time(stats.average_current_secs),
            time(stats.average_stay_secs)
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Role coverage (active cards per phase)",
        theme.bold(),
    )));
    let mut header = format!("  {:<26}", "role");
    for phase in Phase::ALL {
        header.push_str(&format!("{:>13}", phase.name()));
    }
    lines.push(Line::from(Span::styled(header, theme.dim())));
    for role in Role::ALL {
        let mut spans = vec![
            Span::styled(format!("  {:<4}", role.tag()), theme.role(role)),
            Span::raw(format!("{:<22}", role.label())),
        ];
        for phase in Phase::ALL {
            let count = insights.coverage[phase.index()][role as usize];
            let missing = insights.missing.contains(&(phase, role));
            let text = if missing {
                format!("{:>13}", "0 missing!")
            } else if role.expected_in().contains(&phase) {
                format!("{count:>13}")
            } else {
                format!("{:>13}", format!("{count} (n/a)"))
            };
            spans.push(Span::styled(
                text,
                if missing {
                    theme.warning()
                } else {
                    ratatui::style::Style::default()
                },
            ));
        }
        lines.push(Line::from(spans));
    }
    if !insights.missing.is_empty() {
        lines.push(Line::from(Span::styled(
            match insights.missing.len() {
                1 => "  1 role the life cycle expects in a phase has no card there".to_string(),
                n => format!("  {n} roles the life cycle expects in a phase have no card there"),
            },
            theme.warning(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Reviews", theme.bold())));
    for phase in Phase::ALL {
        let counts = insights.verdicts[phase.index()];
        lines.push(Line::from(format!(
            "  {:<12} Continue {:>4}   Rework {:>4}   Stop {:>4}",
            phase.name(),
            counts[0],
            counts[1],
            counts[2]
        )));
    }
    let states: Vec<String> = crate::model::CardState::ALL
        .iter()
        .zip(insights.states)
        .map(|(s, n)| format!("{} {} {n}", s.symbol(), s.word()))
        .collect();
    lines.push(Line::from(format!("  cards: {}", states.join(" · "))));
    lines.push(Line::from(format!(
        "  ungated moves recorded: {}",
        insights.ungated_moves
    )));
    text_popup(
        frame,
        area,
        96,
        "Insights",
        &app.keymap.hint(SCROLL_HINTS),
        lines,
        scroll,
        theme,
    );
}
