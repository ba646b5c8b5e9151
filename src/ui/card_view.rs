//! The card view (`Enter`): the card's fields, roles, description, the board's key
//! metrics and the card's measurements, its reviews (newest first) and its moves —
//! every line whole, wrapped to the popup, so all of it can be scrolled to.

use super::text::fit;
use super::theme::Theme;
use super::wrap::Doc;
use crate::app::App;
use crate::keymap::{Command, Mode};
use crate::model::metric::{MetricSummary, Status, summaries};
use crate::model::text::{safe_line, safe_text};
use crate::model::{CardId, CardState, Verdict};
use ratatui::text::{Line, Span};

/// Where a labelled value starts (`id        k3m9x2qa`).
const LABEL: usize = 10;

pub fn doc(app: &App, id: &CardId, width: u16, theme: &Theme) -> Doc {
    let mut doc = Doc::new(width);
    let Some(key) = app.board.key_of(id) else {
        doc.line("This card no longer exists.");
        return doc;
    };
    let card = app.board.card(key);
    let state = app.board.state(key);
    let label = |text: &str| Span::styled(format!("{text:<LABEL$}"), theme.dim());
    // A board command's key as the card view runs it (else the board's).
    let key = |command| {
        let own = app.keymap.label(Mode::Card, command);
        if own.is_empty() {
            app.keymap.label(Mode::Board, command)
        } else {
            own
        }
    };
    let field = |doc: &mut Doc, name: &str, value: Vec<Span<'static>>| {
        let mut spans = vec![label(name)];
        spans.extend(value);
        doc.item(Line::from(spans), LABEL);
    };
    field(
        &mut doc,
        "title",
        vec![Span::raw(safe_line(&card.title).into_owned())],
    );
    field(&mut doc, "id", vec![Span::raw(card.id.to_string())]);
    field(
        &mut doc,
        "phase",
        vec![Span::styled(card.phase.to_string(), theme.bold())],
    );
    field(
        &mut doc,
        "state",
        vec![Span::styled(
            format!("{} {}", state.symbol(), state.word()),
            theme.state(state),
        )],
    );
    field(
        &mut doc,
        "created",
        vec![Span::raw(card.created.to_string())],
    );
    if !card.labels.is_empty() {
        let labels: Vec<String> = card.labels.iter().map(|l| format!("#{l}")).collect();
        field(&mut doc, "labels", vec![Span::raw(labels.join(" "))]);
    }
    if let Some(due) = card.due {
        let mut spans = vec![Span::raw(due.to_string())];
        if card.is_overdue(app.today()) {
            spans.push(Span::styled(" overdue", theme.error()));
        }
        field(&mut doc, "due", spans);
    }
    if let Some(archived) = card.archived {
        field(&mut doc, "archived", vec![Span::raw(archived.to_string())]);
    }
    doc.blank();
    doc.line(Span::styled("Roles", theme.bold()));
    if card.roles.is_empty() {
        doc.line(Span::styled(
            format!("  none — {} sets them", key(Command::ToggleRoles)),
            theme.dim(),
        ));
    }
    for role in card.roles.iter() {
        doc.item(
            Line::from(vec![
                Span::styled(format!("  {:<4}", role.tag()), theme.role(role)),
                Span::raw(format!("{} — {}", role.label(), role.duty())),
            ]),
            4,
        );
    }
    doc.blank();
    doc.line(Span::styled("Description", theme.bold()));
    if card.description.is_empty() {
        doc.line(Span::styled(
            format!(
                "  none — {} or {} edits it",
                key(Command::EditCard),
                key(Command::EditDescription)
            ),
            theme.dim(),
        ));
    }
    for line in safe_text(&card.description).lines() {
        // Each paragraph's wrapped rows stay indented under it.
        doc.line(format!("  {line}"));
    }
    doc.blank();
    metrics(&mut doc, app, &card.id, theme);
    let reviews = app.board.reviews_of(&card.id);
    doc.line(Span::styled(
        format!("Reviews ({})", reviews.len()),
        theme.bold(),
    ));
    if reviews.is_empty() {
        doc.line(Span::styled(
            format!("  none yet — {} records one", key(Command::Review)),
            theme.dim(),
        ));
    }
    for review in reviews.iter().rev() {
        let verdict_style = match review.verdict {
            Verdict::Continue => theme.state(CardState::Passed),
            Verdict::Rework => theme.state(CardState::Rework),
            Verdict::Stop => theme.state(CardState::Stopped),
        };
        let mut spans = vec![
            Span::raw(format!("  {}  ", review.at)),
            Span::styled(format!("{:<8}", review.verdict.name()), verdict_style),
            Span::raw(format!(
                " {} ({}) in {}",
                safe_line(&review.reviewer),
                review.role.role().tag(),
                review.phase
            )),
        ];
        if !review.note.is_empty() {
            spans.push(Span::styled(
                format!(" — {}", safe_line(&review.note)),
                theme.dim(),
            ));
        }
        doc.item(Line::from(spans), 2);
    }
    doc.blank();
    doc.line(Span::styled(
        format!(
            "History ({})",
            crate::model::words::counted(card.history.len(), "move")
        ),
        theme.bold(),
    ));
    if card.history.is_empty() {
        doc.line(Span::styled("  no moves yet", theme.dim()));
    }
    for entry in card.history.iter().rev() {
        let mut spans = vec![Span::raw(format!(
            "  {}  {} → {}  by {}",
            entry.at,
            entry.from,
            entry.to,
            safe_line(&entry.by)
        ))];
        if entry.ungated {
            spans.push(Span::styled("  ungated", theme.warning()));
        }
        doc.item(Line::from(spans), 2);
    }
    doc
}

/// The board's key metrics (goal, latest value, status) and the measurements this card
/// produced: the evidence beside a Continue / Rework / Stop. Nothing when the board
/// declares no metric and the card has no measurement.
fn metrics(doc: &mut Doc, app: &App, card: &CardId, theme: &Theme) {
    let board = &app.board;
    let summaries = summaries(&board.settings.metrics, &board.measurements);
    let measured = board.measurements.of_card(card);
    if !summaries.is_empty() {
        doc.line(Span::styled("Key metrics", theme.bold()));
        for s in &summaries {
            doc.item(summary_line(s, theme), 4);
        }
        doc.blank();
    }
    if !measured.is_empty() || !summaries.is_empty() {
        doc.line(Span::styled(
            format!("Measurements from this card ({})", measured.len()),
            theme.bold(),
        ));
        if measured.is_empty() {
            doc.item(
                Span::styled(
                    "  none — mlboard metric record NAME VALUE --card ID records one",
                    theme.dim(),
                ),
                2,
            );
        }
        for m in measured.iter().rev() {
            let source = m
                .source
                .as_deref()
                .map_or(String::new(), |s| format!(" — {}", safe_line(s)));
            doc.item(
                Line::from(vec![
                    Span::raw(format!("  {}  {} = {}", m.at, m.metric, m.value)),
                    Span::styled(
                        format!(" in {} by {}{source}", m.phase, safe_line(&m.by)),
                        theme.dim(),
                    ),
                ]),
                2,
            );
        }
        doc.blank();
    }
}

/// `  recall  ≥ 0.85  latest 0.83  ✗ missed ↘`: one key metric on one line.
pub fn summary_line(s: &MetricSummary, theme: &Theme) -> Line<'static> {
    let latest = s.latest().map_or("—".to_string(), |m| m.value.to_string());
    let trend = s.trend.map_or(String::new(), |t| format!(" {}", t.label()));
    let style = match s.status {
        Status::Met => theme.state(CardState::Passed),
        Status::Missed => theme.state(CardState::Stopped),
        Status::Unmeasured => theme.dim(),
    };
    Line::from(vec![
        Span::raw(format!(
            "  {:<18} goal {:<9} latest {:<9} ",
            fit(s.decl.name.as_str(), 18),
            s.decl.goal.symbol(),
            fit(&latest, 9)
        )),
        Span::styled(s.status.label(), style),
        Span::raw(trend),
    ])
}
