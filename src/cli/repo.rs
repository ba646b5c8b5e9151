//! The commands about the board as a whole: init, check, sync.

use super::args::{InitArgs, TemplateArg};
use super::edit::validate_name;
use super::session::{now, store_error};
use super::{CliError, warn};
use crate::model::text::safe_line;
use crate::model::words::counted;
use crate::store::template::{self, Template};
use crate::store::{Store, StoreError};
use std::io::Write;
use std::path::Path;

pub fn init(root: &Path, args: InitArgs, out: &mut dyn Write) -> Result<(), CliError> {
    if let Some(name) = &args.name {
        validate_name("the board's name", name)?;
    }
    if Store::exists(root) {
        return Err(CliError::new(format!(
            "a board already exists at {}; nothing changed",
            safe_line(&root.display().to_string())
        )));
    }
    let template = match args.template {
        TemplateArg::Mlops => Template::Mlops,
        TemplateArg::Empty => Template::Empty,
    };
    let mut rng = fastrand::Rng::new();
    let name = args.name.map(|n| n.trim().to_string());
    let (settings, cards) = template::starter(template, name, now(), &mut rng);
    Store::init(root, &settings, &cards).map_err(store_error)?;
    writeln!(
        out,
        "Created board \"{}\" at {} with {}",
        safe_line(&settings.name),
        safe_line(&root.display().to_string()),
        counted(cards.len(), "card")
    )?;
    Ok(())
}

/// Validates every file. Problems go to stdout, one `path:line:column: message` a
/// line (the form editors and CI annotate); the verdict is the exit status.
pub fn check(root: &Path, out: &mut dyn Write) -> Result<bool, CliError> {
    let loaded = Store::open(root).map_err(store_error)?;
    for problem in &loaded.problems {
        // the message is escaped by Problem; the path may hold a hostile file name
        writeln!(out, "{}", safe_line(&problem.to_string()))?;
    }
    if let Some(reason) = loaded.store.read_only() {
        warn(reason);
    }
    let board = &loaded.board;
    if !loaded.problems.is_empty() {
        warn(&format!(
            "{} in {}",
            counted(loaded.problems.len(), "problem"),
            safe_line(&root.display().to_string())
        ));
        return Ok(false);
    }
    let archived = board.cards_in_order().filter(|c| c.is_archived()).count();
    writeln!(
        out,
        "OK: board \"{}\": {} ({archived} archived), {}, {}, no problems",
        safe_line(&board.settings.name),
        counted(board.len(), "card"),
        counted(board.reviews().count(), "review"),
        counted(board.measurements.len(), "key-metric measurement")
    )?;
    Ok(true)
}

pub fn sync(root: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    if !Store::exists(root) {
        return Err(store_error(StoreError::NoBoard(root.to_path_buf())));
    }
    let mut progress = |line: &str| warn_plain(line);
    let report =
        crate::sync::sync(root, &mut progress).map_err(|e| CliError::new(e.to_string()))?;
    writeln!(out, "{}", safe_line(&report.message))?;
    Ok(())
}

/// A progress line on stderr, without the `warning:` prefix.
fn warn_plain(line: &str) {
    let _ = writeln!(std::io::stderr(), "{}", safe_line(line));
}
