//! `mlboard list`: cards in board order (or best match first with `--search`), as an
//! aligned table that fits the terminal, or as JSON.

use super::args::{LabelArg, ListArgs};
use super::json::{self, CardJson};
use super::output::{Screen, fit, pad, width};
use super::session::{Session, now};
use super::{CliError, note};
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
    } else if !keys.is_empty() {
        write_table(board, &keys, Screen::detect(), out)?;
    }
    if keys.is_empty() {
        // On stderr, and not an error: a script reading stdout sees an empty list.
        note(&nothing_listed(board, &args));
    }
    Ok(())
}

/// Why `list` printed nothing, in words.
fn nothing_listed(board: &Board, args: &ListArgs) -> String {
    if let Some(query) = &args.search {
        return format!("no card matches \"{}\"", safe_line(query));
    }
    let filtered = args.phase.is_some() || !args.roles.is_empty() || !args.labels.is_empty();
    if filtered || args.overdue {
        "no card matches these options".to_string()
    } else if board.is_empty() {
        "no cards yet; `mlboard add TITLE` adds one".to_string()
    } else {
        let archived = board.cards_in_order().filter(|c| c.is_archived()).count();
        format!("no active cards ({archived} archived: `mlboard list --archived` shows them)")
    }
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
    phase: Phase,
    state: CardState,
    archived: bool,
    roles: Vec<&'static str>,
    due: Option<Date>,
    overdue: bool,
    /// The title, then the labels as `#label`.
    title: String,
}

impl Row {
    fn new(board: &Board, key: CardKey, today: Date) -> Row {
        let card = board.card(key);
        let mut title = safe_line(&card.title).into_owned();
        for label in &card.labels {
            title.push_str(" #");
            title.push_str(label.as_str());
        }
        Row {
            id: card.id.to_string(),
            phase: card.phase,
            state: board.state(key),
            archived: card.is_archived(),
            roles: card.roles.iter().map(|r| r.tag()).collect(),
            due: card.due,
            overdue: card.is_overdue(today),
            title,
        }
    }

    /// The cells before the title, as wide as `compact` allows: the narrower a
    /// terminal, the more of them take their short form, so a row never wraps.
    fn cells(&self, compact: Compact, today: Date) -> Cells {
        let phase = if compact.words {
            self.phase.name()[..3].to_string()
        } else {
            self.phase.name().to_string()
        };
        let status = match (self.archived, compact.words) {
            (true, true) => "archived".to_string(),
            (true, false) => format!("{}, archived", self.state.word()),
            (false, true) => short_state(self.state).to_string(),
            (false, false) => self.state.word().to_string(),
        };
        let roles = self.roles.join(" ");
        let roles = match compact.roles {
            Some(max) => fit(&roles, max),
            None => roles,
        };
        let due = match self.due {
            None => String::new(),
            Some(due) if compact.due => match (self.overdue, due.year() == today.year()) {
                (true, _) => "overdue".to_string(),
                (false, true) => format!("{:02}-{:02}", due.month(), due.day()),
                (false, false) => due.to_string(),
            },
            Some(due) if self.overdue => format!("{due} overdue"),
            Some(due) => due.to_string(),
        };
        [self.id.clone(), phase, status, roles, due]
    }
}

/// `awaiting` for `awaiting review`: the state words fit in 8 columns.
fn short_state(state: CardState) -> &'static str {
    match state {
        CardState::AwaitingReview => "awaiting",
        other => other.word(),
    }
}

/// How short the cells before the title are made.
#[derive(Debug, Clone, Copy, Default)]
struct Compact {
    /// Phases as `Dev`, states as one word.
    words: bool,
    /// Due dates as `12-15` or `overdue`.
    due: bool,
    /// The role tags cut to this many columns.
    roles: Option<usize>,
}

/// Steps from roomy to narrow, tried in order until the title has room.
const COMPACT_STEPS: [Compact; 4] = [
    Compact {
        words: false,
        due: false,
        roles: None,
    },
    Compact {
        words: true,
        due: false,
        roles: None,
    },
    Compact {
        words: true,
        due: true,
        roles: None,
    },
    Compact {
        words: true,
        due: true,
        roles: Some(11),
    },
];

/// A title gets at least this much room before the other columns shrink.
const ROOMY_TITLE: usize = 24;

type Cells = [String; 5];

const HEADERS: [&str; 6] = ["ID", "PHASE", "STATE", "ROLES", "DUE", "TITLE"];

fn write_table(
    board: &Board,
    keys: &[CardKey],
    screen: Screen,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let today = Date::of(now());
    let rows: Vec<Row> = keys
        .iter()
        .map(|&key| Row::new(board, key, today))
        .collect();
    // The due column only when some card has a due date.
    let with_due = rows.iter().any(|r| r.due.is_some());
    let shown: Vec<usize> = (0..5).filter(|&c| c != 4 || with_due).collect();
    let layout = |compact: Compact| {
        let cells: Vec<Cells> = rows.iter().map(|r| r.cells(compact, today)).collect();
        let widths: Vec<usize> = shown
            .iter()
            .map(|&c| {
                cells
                    .iter()
                    .map(|cell| width(&cell[c]))
                    .chain([width(HEADERS[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let fixed: usize = widths.iter().map(|w| w + GAP.len()).sum();
        (cells, widths, screen.width.saturating_sub(fixed))
    };
    let mut chosen = layout(COMPACT_STEPS[0]);
    for compact in COMPACT_STEPS {
        chosen = layout(compact);
        if chosen.2 >= ROOMY_TITLE {
            break;
        }
    }
    let (cells, widths, title_width) = chosen;
    // Below the narrowest layout the title still shows its start.
    let title_width = title_width.max(4);

    let mut header: Vec<String> = shown
        .iter()
        .zip(&widths)
        .map(|(&c, &w)| pad(HEADERS[c], w))
        .collect();
    header.push(HEADERS[5].to_string());
    writeln!(out, "{}", screen.bold(header.join(GAP).trim_end()))?;
    for (row, cells) in rows.iter().zip(&cells) {
        let mut line = String::new();
        for (&c, &w) in shown.iter().zip(&widths) {
            let cell = pad(&cells[c], w);
            let cell = match c {
                0 => screen.dim(&cell),
                2 => screen.state(row.state, &cell),
                _ => cell,
            };
            line.push_str(&cell);
            line.push_str(GAP);
        }
        line.push_str(&fit(&row.title, title_width));
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
