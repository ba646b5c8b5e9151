//! The command line (SPEC §4). `mlboard` alone opens the TUI; the subcommands are for
//! scripts and for people who live in a shell.
//!
//! Exit status: 0 ok, 1 an error (on stderr), 2 a usage error (clap's). Output meant
//! for scripts (ids, `--json`, `check`'s problems) goes to stdout; warnings to stderr.

pub mod args;
mod card_edit;
mod complete;
mod edit;
mod export;
mod json;
mod list;
mod metric;
mod metric_file;
mod output;
mod repo;
mod session;
mod show;
mod stats;
mod stats_json;

use crate::model::text::{safe_line, safe_text};
use args::{Cli, Command};
use clap::Parser;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A command that could not do what was asked. The message is for people.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Message(String),
    /// There is no board where the command looked: `report` says how to make one.
    #[error("no board at {}: `mlboard init` creates one", .0.display())]
    NoBoard(PathBuf),
    /// Writing the output failed (a closed pipe, a full disk).
    #[error("could not write the output: {0}")]
    Output(#[from] io::Error),
}

impl CliError {
    pub fn new(message: impl Into<String>) -> CliError {
        CliError::Message(message.into())
    }
}

/// Where the board came from, so a missing board's message suggests the `init` that
/// creates that very board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BoardSource {
    Flag,
    Environment,
    Default,
}

impl BoardSource {
    fn of(flag: &Option<PathBuf>) -> BoardSource {
        if flag.is_some() {
            BoardSource::Flag
        } else if std::env::var_os(crate::store::locate::BOARD_ENV).is_some_and(|v| !v.is_empty()) {
            BoardSource::Environment
        } else {
            BoardSource::Default
        }
    }

    /// The message for a missing board at `root`.
    fn no_board(self, root: &Path) -> String {
        let dir = root.display().to_string();
        match self {
            BoardSource::Flag => format!(
                "no board at {dir}: `mlboard -b {} init` creates one",
                shell_word(&dir)
            ),
            BoardSource::Environment => {
                format!("no board at {dir} (MLBOARD_DIR): `mlboard init` creates one")
            }
            BoardSource::Default => {
                format!("no board at {dir}: `mlboard init` creates one there (or pass -b DIR)")
            }
        }
    }
}

/// `text` as one word for a POSIX shell: as is when it is plain, else single-quoted.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%~,=".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// A warning on stderr: something worth knowing that did not stop the command.
pub(crate) fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {}", safe_line(message));
}

/// A note on stderr for people (an empty result), which scripts reading stdout skip.
pub(crate) fn note(message: &str) {
    let _ = writeln!(io::stderr(), "{}", safe_line(message));
}

pub fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash mlboard -- …`) is answered first.
    complete::answer_if_asked();
    run(Cli::parse())
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let source = BoardSource::of(&cli.board);
    if cli.command.is_none() {
        // The TUI owns the terminal: nothing here may hold stdout while it runs.
        return match board_dir(cli.board) {
            Ok(root) => crate::tui::run(&root),
            Err(error) => report(&error, source),
        };
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = dispatch(cli, &mut out).and_then(|ok| {
        out.flush()?;
        Ok(ok)
    });
    match result {
        Ok(Some(code)) => code,
        Ok(None) => ExitCode::SUCCESS,
        // The reader went away (`mlboard list | head`): not an error of ours.
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = out.flush();
            report(&error, source)
        }
    }
}

fn report(error: &CliError, source: BoardSource) -> ExitCode {
    let message = match error {
        CliError::NoBoard(root) => source.no_board(root),
        other => other.to_string(),
    };
    // Messages may quote git or the file system (a hostile file name): escape again;
    // text escaped once already has no control characters left to change.
    let _ = writeln!(io::stderr(), "error: {}", safe_text(&message));
    ExitCode::FAILURE
}

fn board_dir(flag: Option<PathBuf>) -> Result<PathBuf, CliError> {
    crate::store::locate::board_dir(flag).ok_or_else(|| {
        CliError::new(
            "cannot find a home directory for the default board; pass --board DIR or set MLBOARD_DIR",
        )
    })
}

/// Runs the command; `Some(code)` when it decides its own exit status.
fn dispatch(cli: Cli, out: &mut dyn Write) -> Result<Option<ExitCode>, CliError> {
    if let Some(Command::Completions(args)) = &cli.command {
        complete::write_script(args.shell, out)?;
        return Ok(None);
    }
    let root = board_dir(cli.board)?;
    let Some(command) = cli.command else {
        return Ok(None);
    };
    match command {
        Command::Init(args) => repo::init(&root, args, out)?,
        Command::Add(args) => edit::add(&root, args, out)?,
        Command::List(args) => list::list(&root, args, out)?,
        Command::Show(args) => show::show(&root, args, out)?,
        Command::Move(args) => edit::move_card(&root, args, out)?,
        Command::Review(args) => edit::review(&root, args, out)?,
        Command::Archive(args) => edit::archive(&root, args, out)?,
        Command::Edit(args) => card_edit::edit(&root, args, out)?,
        Command::Unarchive(args) => card_edit::unarchive(&root, args, out)?,
        Command::Delete(args) => card_edit::delete(&root, args, out)?,
        Command::Check(_) => {
            if !repo::check(&root, out)? {
                return Ok(Some(ExitCode::FAILURE));
            }
        }
        Command::Sync(_) => repo::sync(&root, out)?,
        Command::Metric(args) => metric::metric(&root, args, out)?,
        Command::Stats(args) => stats::stats(&root, args, out)?,
        Command::Export(args) => export::export(&root, args, out)?,
        Command::Completions(_) => {}
    }
    Ok(None)
}
