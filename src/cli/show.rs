//! `mlboard show`: one card with its description, reviews (newest first) and history.

use super::CliError;
use super::args::ShowArgs;
use super::json::{self, CardJson};
use super::output::{Screen, wrap};
use super::session::{Session, now};
use crate::model::text::{safe_line, safe_text};
use crate::model::{Board, CardKey, Date};
use std::io::Write;
use std::path::Path;

/// Indent of the description and of notes.
const INDENT: &str = "  ";

pub fn show(root: &Path, args: ShowArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let session = Session::open(root)?;
    let key = session.resolve(&args.id)?;
    if args.json {
        json::write(out, &CardJson::detailed(&session.board, key))?;
    } else {
        write_card(&session.board, key, Screen::detect(), out)?;
    }
    Ok(())
}

fn write_card(
    board: &Board,
    key: CardKey,
    screen: Screen,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let card = board.card(key);
    let state = board.state(key);
    let text_width = screen.width.saturating_sub(INDENT.len() * 3);
    writeln!(
        out,
        "{}  {}",
        screen.dim(card.id.as_str()),
        screen.bold(&safe_line(&card.title))
    )?;
    writeln!(
        out,
        "Phase     {} ({})",
        card.phase,
        screen.state(state, state.word())
    )?;
    let roles: Vec<String> = card
        .roles
        .iter()
        .map(|r| format!("{} {}", r.tag(), r.label()))
        .collect();
    let roles = if roles.is_empty() {
        "none".to_string()
    } else {
        roles.join(", ")
    };
    writeln!(out, "Roles     {roles}")?;
    if !card.labels.is_empty() {
        let labels: Vec<String> = card.labels.iter().map(|l| format!("#{l}")).collect();
        writeln!(out, "Labels    {}", labels.join(" "))?;
    }
    if let Some(due) = card.due {
        let overdue = if card.is_overdue(Date::of(now())) {
            " (overdue)"
        } else {
            ""
        };
        writeln!(out, "Due       {due}{overdue}")?;
    }
    writeln!(out, "Created   {}", card.created)?;
    if let Some(archived) = card.archived {
        writeln!(out, "Archived  {archived}")?;
    }
    if !card.description.trim().is_empty() {
        writeln!(out)?;
        for line in wrap(&safe_text(&card.description), text_width) {
            writeln!(out, "{INDENT}{line}")?;
        }
    }

    let reviews = board.reviews_of(&card.id);
    writeln!(out)?;
    if reviews.is_empty() {
        writeln!(out, "{}", screen.bold("Reviews: none yet"))?;
    } else {
        writeln!(out, "{}", screen.bold("Reviews (newest first)"))?;
        for review in reviews.iter().rev() {
            writeln!(
                out,
                "{INDENT}{}  {:<11}  {:<8}  {} ({})",
                review.at,
                review.phase.name(),
                review.verdict.name(),
                safe_line(&review.reviewer),
                review.role.role().tag()
            )?;
            if !review.note.trim().is_empty() {
                for line in wrap(&safe_text(&review.note), text_width) {
                    writeln!(out, "{INDENT}{INDENT}{line}")?;
                }
            }
        }
    }

    let measured = board.measurements.of_card(&card.id);
    if !measured.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            screen.bold("Key-metric measurements (oldest first)")
        )?;
        for m in measured {
            let source = m
                .source
                .as_deref()
                .map_or(String::new(), |s| format!("  ({})", safe_line(s)));
            writeln!(
                out,
                "{INDENT}{}  {} = {}  in {} by {}{source}",
                m.at,
                m.metric,
                m.value,
                m.phase,
                safe_line(&m.by)
            )?;
        }
    }

    writeln!(out)?;
    if card.history.is_empty() {
        writeln!(out, "{}", screen.bold("History: no moves yet"))?;
    } else {
        writeln!(out, "{}", screen.bold("History"))?;
        for step in &card.history {
            let ungated = if step.ungated { "  ungated" } else { "" };
            writeln!(
                out,
                "{INDENT}{}  {} → {}  by {}{ungated}",
                step.at,
                step.from,
                step.to,
                safe_line(&step.by)
            )?;
        }
    }
    Ok(())
}
