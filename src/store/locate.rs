//! Where the board lives: `--board DIR`, else `MLBOARD_DIR`, else the data directory.

use std::path::PathBuf;

pub const BOARD_ENV: &str = "MLBOARD_DIR";

/// Resolves the board directory. `None` only when no home directory can be found
/// and neither the flag nor the environment names a board.
pub fn board_dir(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        std::env::var_os(BOARD_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
    .or_else(default_board_dir)
}

/// `<data dir>/board`, e.g. `~/.local/share/mlboard/board` on Linux.
pub fn default_board_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().join("board"))
}

pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "mlboard")
}
