//! Shell completions (SPEC §4): subcommands, options, phases and roles come from the
//! command line's shape; card ids and labels from the board at hand. The shell script
//! `mlboard completions SHELL` prints calls `mlboard` back at every Tab (clap_complete's
//! dynamic completion, `COMPLETE=<shell> mlboard -- <words>`), so what it offers is
//! always the board's current cards, never a list frozen when the script was written.

use crate::model::Board;
use crate::model::text::safe_line;
use crate::store::Store;
use clap_complete::CompletionCandidate;
use clap_complete::env::Shells;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// The environment variable that turns a run of `mlboard` into a completion request.
pub const COMPLETE_ENV: &str = "COMPLETE";

/// Answers a completion request and exits, when this run is one.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(<super::args::Cli as clap::CommandFactory>::command)
        .var(COMPLETE_ENV)
        .complete();
}

/// Prints the script that registers mlboard's completions with `shell`.
pub fn write_script(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| std::io::Error::other(format!("no completions for {name}")))?;
    completer.write_registration(COMPLETE_ENV, "mlboard", "mlboard", &this_program(), out)
}

/// How the script calls mlboard back: as it was run (`mlboard` from `PATH`, or the
/// absolute path of a binary run by its path).
fn this_program() -> String {
    let program = PathBuf::from(
        std::env::args_os()
            .next()
            .unwrap_or_else(|| "mlboard".into()),
    );
    let program = if program.components().count() > 1 {
        std::env::current_dir().map_or(program.clone(), |dir| dir.join(&program))
    } else {
        program
    };
    program.to_string_lossy().into_owned()
}

/// The board the command line being completed names: its `--board` / `-b`, else
/// `MLBOARD_DIR`, else the default board.
fn board_being_completed() -> Option<Board> {
    // A completion request is `mlboard -- mlboard <the words typed so far>`.
    let args: Vec<OsString> = std::env::args_os().collect();
    let words = args
        .iter()
        .position(|a| a == "--")
        .map_or(&args[..0], |i| &args[i + 1..]);
    let mut flag = None;
    let mut words = words.iter().filter_map(|w| w.to_str());
    while let Some(word) = words.next() {
        if word == "--board" || word == "-b" {
            flag = words.next().map(PathBuf::from);
        } else if let Some(dir) = word.strip_prefix("--board=") {
            flag = Some(PathBuf::from(dir));
        } else if let Some(dir) = word.strip_prefix("-b").filter(|d| !d.is_empty()) {
            flag = Some(PathBuf::from(dir.strip_prefix('=').unwrap_or(dir)));
        }
    }
    let root = crate::store::locate::board_dir(flag)?;
    Store::open(&root).ok().map(|loaded| loaded.board)
}

/// Card ids, each with its title as the description (zsh and fish show it).
pub fn card_ids() -> Vec<CompletionCandidate> {
    let Some(board) = board_being_completed() else {
        return Vec::new();
    };
    board
        .cards_in_order()
        .map(|card| {
            let mut help = safe_line(&card.title).into_owned();
            if card.is_archived() {
                help.push_str(" (archived)");
            }
            CompletionCandidate::new(card.id.as_str()).help(Some(help.into()))
        })
        .collect()
}

/// Every label used on the board, and `none`.
pub fn labels() -> Vec<CompletionCandidate> {
    let mut labels: Vec<String> = board_being_completed()
        .map(|board| board.labels().iter().map(|l| l.to_string()).collect())
        .unwrap_or_default();
    labels.push("none".to_string());
    labels.into_iter().map(CompletionCandidate::new).collect()
}
