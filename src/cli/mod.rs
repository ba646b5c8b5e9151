//! The command line (SPEC §4). `mlboard` alone opens the TUI.

use std::path::PathBuf;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    // Placeholder until the full clap CLI lands: `mlboard [-b DIR]` opens the TUI.
    let mut args = std::env::args().skip(1);
    let mut board: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        if arg == "-b" || arg == "--board" {
            board = args.next().map(PathBuf::from);
        }
    }
    match crate::store::locate::board_dir(board) {
        Some(dir) => crate::tui::run(&dir),
        None => {
            eprintln!("mlboard: cannot find a home directory; pass --board DIR");
            ExitCode::FAILURE
        }
    }
}
