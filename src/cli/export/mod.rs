//! `mlboard export`: the board for people outside the terminal — one self-contained
//! web page (`html`), tables for a wiki (`markdown`), a sheet (`csv`), or `json`.
//!
//! Every format writes the active cards in board order (`--archived` adds the archived
//! ones) and escapes every text from the board for where it goes: board files are
//! untrusted input.

mod csv;
mod html;
mod markdown;
mod svg;

use super::CliError;
use super::args::{ExportArgs, ExportFormat};
use super::json::{self, CardJson};
use super::session::{Session, now};
use crate::model::insights::Insights;
use crate::model::text::safe_line;
use crate::model::{Board, CardKey, Phase};
use std::io::Write;
use std::path::Path;

/// What every format draws from: the board, the cards to show, and the insights.
pub struct Export<'a> {
    pub board: &'a Board,
    /// In board order.
    pub cards: Vec<CardKey>,
    pub insights: Insights,
    /// The day the export is made (UTC): a card due before it is overdue.
    pub today: crate::model::Date,
}

impl<'a> Export<'a> {
    pub fn new(board: &'a Board, archived: bool, now: crate::model::Timestamp) -> Export<'a> {
        let cards = Phase::ALL
            .into_iter()
            .flat_map(|phase| board.column(phase).iter().copied())
            .filter(|key| archived || !board.card(*key).is_archived())
            .collect();
        Export {
            board,
            cards,
            insights: Insights::compute(board, now),
            today: crate::model::Date::of(now),
        }
    }

    /// A card's labels as `#experiment #churn`, empty when it has none.
    pub fn labels_text(card: &crate::model::Card) -> String {
        card.labels
            .iter()
            .map(|l| format!("#{l}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A card's due date as `due 2026-12-15`, `due 2026-12-15 (overdue)`, or empty.
    pub fn due_text(&self, card: &crate::model::Card) -> String {
        match card.due {
            Some(due) if card.is_overdue(self.today) => format!("due {due} (overdue)"),
            Some(due) => format!("due {due}"),
            None => String::new(),
        }
    }

    /// The cards to show in one phase, in column order.
    pub fn column(&self, phase: Phase) -> impl Iterator<Item = CardKey> + '_ {
        self.cards
            .iter()
            .copied()
            .filter(move |key| self.board.card(*key).phase == phase)
    }
}

/// The format `--format` names, else the one `--output`'s extension suggests, else
/// markdown (readable as it is, in a terminal or a wiki).
pub fn format_of(args: &ExportArgs) -> ExportFormat {
    if let Some(format) = args.format {
        return format;
    }
    let extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => ExportFormat::Html,
        Some("csv") => ExportFormat::Csv,
        Some("json") => ExportFormat::Json,
        _ => ExportFormat::Markdown,
    }
}

pub fn render(export: &Export, format: ExportFormat) -> Result<Vec<u8>, CliError> {
    let mut out = Vec::new();
    match format {
        ExportFormat::Markdown => markdown::write(export, &mut out)?,
        ExportFormat::Csv => csv::write(export, &mut out)?,
        ExportFormat::Html => html::write(export, &mut out)?,
        ExportFormat::Json => {
            let cards: Vec<CardJson> = export
                .cards
                .iter()
                .map(|key| CardJson::detailed(export.board, *key))
                .collect();
            json::write(&mut out, &cards)?;
        }
    }
    Ok(out)
}

pub fn export(root: &Path, args: ExportArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let session = Session::open(root)?;
    let format = format_of(&args);
    let export = Export::new(&session.board, args.archived, now());
    let bytes = render(&export, format)?;
    match &args.output {
        None => out.write_all(&bytes)?,
        Some(path) => {
            write_file(path, &bytes)?;
            let count = export.cards.len();
            super::note(&format!(
                "Exported {count} card{} to {}",
                if count == 1 { "" } else { "s" },
                safe_line(&path.display().to_string())
            ));
        }
    }
    Ok(())
}

/// Writes the file atomically (a temporary file beside it, then a rename), so a reader
/// never sees half a page.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let shown = || safe_line(&path.display().to_string()).into_owned();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A page to publish: readable as any file the user creates (the umask
        // applies), not the temporary file's private 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder
        .tempfile_in(dir)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", shown())))?;
    // Written over an existing export: it keeps its permissions.
    crate::store::keep_mode(&file, path);
    file.write_all(bytes)
        .and_then(|_| file.as_file().sync_all())
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", shown())))?;
    file.persist(path)
        .map_err(|e| CliError::new(format!("cannot write {}: {}", shown(), e.error)))?;
    Ok(())
}
