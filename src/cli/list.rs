//! `mlboard list`: cards in board order (or best match first with `--search`), as an
//! aligned table that fits the terminal, or as JSON.

use super::CliError;
use super::args::{LabelArg, ListArgs};
use super::json::{self, CardJson};
use super::output::{Screen, fit, pad, width};
use super::session::{Session, now};
use crate::model::search::Searcher;
use crate::model::text::safe_line;
use crate::model::{Board, CardKey, CardState, Date, Phase, RoleSet};
use std::io::Write;
use std::path::Path;

/// Space between columns.
const GAP: &str = "  ";

pub fn list(root: &Path, args: ListArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let session = Session::open(root)?;
    let board = &session.board;
    let keys = selected(board, &args);
    if args.json {
        let cards: Vec<CardJson> = keys.iter().map(|k| CardJson::summary(board, *k)).collect();
        json::write(out, &cards)?;
    } else {
        write_table(board, &keys, Screen::detect(), out)?;
    }
    Ok(())
}

/// The cards `args` asks for, in the order to print them. Each option narrows the
/// list; a repeated `--role` or `--label` takes cards with any of them.
fn selected(board: &Board, args: &ListArgs) -> Vec<CardKey> {
    let roles: RoleSet = args.roles.iter().copied().collect();
    let labels = LabelArg::collect(&args.labels);
    let unlabeled = args.labels.contains(&LabelArg::None);
    let today = Date::of(now());
    let wanted = |key: &CardKey| {
        let card = board.card(*key);
        (args.archived || !card.is_archived())
            && args.phase.is_none_or(|p| p == card.phase)
            && (roles.is_empty() || card.roles.intersects(roles))
            && (args.labels.is_empty()
                || card.labels.intersects(&labels)
                || (unlabeled && card.labels.is_empty()))
            && (!args.overdue || card.is_overdue(today))
    };
    match &args.search {
        Some(query) => {
            let mut searcher = Searcher::new();
            let hits = searcher.search(board, query, args.archived);
            hits.iter().map(|h| h.key).filter(wanted).collect()
        }
        None => Phase::ALL
            .into_iter()
            .flat_map(|phase| board.column(phase).iter().copied())
            .filter(wanted)
            .collect(),
    }
}

/// One row of the table, already made safe to print.
struct Row {
    id: String,
    phase: &'static str,
    state: CardState,
    /// The state in words, with `archived` when it is.
    status: String,
    roles: String,
    title: String,
}

fn write_table(
    board: &Board,
    keys: &[CardKey],
    screen: Screen,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    if keys.is_empty() {
        return Ok(());
    }
    let rows: Vec<Row> = keys
        .iter()
        .map(|&key| {
            let card = board.card(key);
            let state = board.state(key);
            let mut status = state.word().to_string();
            if card.is_archived() {
                status.push_str(", archived");
            }
            Row {
                id: card.id.to_string(),
                phase: card.phase.name(),
                state,
                status,
                roles: card
                    .roles
                    .iter()
                    .map(|r| r.tag())
                    .collect::<Vec<_>>()
                    .join(" "),
                title: safe_line(&card.title).into_owned(),
            }
        })
        .collect();
    let headers = ["ID", "PHASE", "STATE", "ROLES", "TITLE"];
    let column = |header: &str, cell: fn(&Row) -> &str| {
        rows.iter()
            .map(|r| width(cell(r)))
            .chain([width(header)])
            .max()
            .unwrap_or(0)
    };
    let widths = [
        column(headers[0], |r| &r.id),
        column(headers[1], |r| r.phase),
        column(headers[2], |r| &r.status),
        column(headers[3], |r| &r.roles),
    ];
    let fixed: usize = widths.iter().sum::<usize>() + GAP.len() * widths.len();
    // the title takes what is left, but never less than a readable stub
    let title_width = screen.width.saturating_sub(fixed).max(10);

    let header: Vec<String> = headers[..4]
        .iter()
        .zip(widths)
        .map(|(h, w)| pad(h, w))
        .collect();
    writeln!(
        out,
        "{}",
        screen.bold(format!("{}{GAP}{}", header.join(GAP), headers[4]).trim_end())
    )?;
    for row in &rows {
        let line = format!(
            "{}{GAP}{}{GAP}{}{GAP}{}{GAP}{}",
            screen.dim(&pad(&row.id, widths[0])),
            pad(row.phase, widths[1]),
            screen.state(row.state, &pad(&row.status, widths[2])),
            pad(&row.roles, widths[3]),
            fit(&row.title, title_width)
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
