//! The boards opened before, newest first, for `b` in the TUI: `recent.ron` in
//! mlboard's state directory (`$XDG_STATE_HOME/mlboard`, else the local data
//! directory; `$MLBOARD_RECENT` names another file). mlboard's own file, written
//! atomically; a board that has gone is listed as such, never created.

use std::path::{Path, PathBuf};

/// How many boards are remembered.
pub const KEEP: usize = 20;

const HEADER: &str = "// The boards opened in mlboard, newest first. Written by mlboard.\n";

pub fn recent_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MLBOARD_RECENT").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let dirs = super::locate::project_dirs()?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("recent.ron"))
}

/// The boards in the file, newest first; a missing file is an empty list.
pub fn load(path: &Path) -> Result<Vec<PathBuf>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let boards: Vec<String> =
        ron::from_str(&text).map_err(|e| super::parse::ron_error_line(path, &e))?;
    Ok(boards.into_iter().map(PathBuf::from).collect())
}

/// Puts a board first in the list (its absolute path), keeping `KEEP` of them.
/// A list that cannot be read is started afresh: the file is mlboard's own.
pub fn record(path: &Path, board: &Path) -> Result<(), String> {
    let board = std::path::absolute(board).map_err(|e| e.to_string())?;
    let mut boards = load(path).unwrap_or_default();
    boards.retain(|b| b != &board);
    boards.insert(0, board);
    boards.truncate(KEEP);
    write(path, &boards)
}

fn write(path: &Path, boards: &[PathBuf]) -> Result<(), String> {
    let mut text = String::from(HEADER);
    text.push_str("[\n");
    for board in boards {
        // A path that is not UTF-8 cannot be written in RON; it is left out.
        let Some(board) = board.to_str() else {
            continue;
        };
        let quoted = ron::to_string(board).map_err(|e| e.to_string())?;
        text.push_str(&format!("    {quoted},\n"));
    }
    text.push_str("]\n");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    super::atomic::write_atomic(path, text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The name in a board's `board.ron`; `None` when there is no board there (only a
/// regular file is read).
pub fn board_name(dir: &Path) -> Option<String> {
    let file = dir.join("board.ron");
    let meta = std::fs::symlink_metadata(&file).ok()?;
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    let bytes = std::fs::read(&file).ok()?;
    match super::parse_bytes(dir, "board.ron", &bytes) {
        Ok(super::Parsed::Settings(settings)) => Some(settings.name),
        // A board whose settings do not parse is still a board.
        _ => Some(dir.display().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_repeats_and_kept_short() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state/recent.ron");
        for i in 0..(KEEP + 5) {
            record(&path, &tmp.path().join(format!("b{i}"))).unwrap();
        }
        record(&path, &tmp.path().join("b3")).unwrap();
        let boards = load(&path).unwrap();
        assert_eq!(boards.len(), KEEP);
        assert_eq!(boards[0], tmp.path().join("b3"));
        assert_eq!(boards[1], tmp.path().join(format!("b{}", KEEP + 4)));
        assert_eq!(boards.iter().filter(|b| b.ends_with("b3")).count(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(HEADER), "{text}");
    }

    #[test]
    fn a_broken_list_is_reported_then_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("recent.ron");
        std::fs::write(&path, "[ \"a\", 3 ]").unwrap();
        assert!(load(&path).unwrap_err().contains("recent.ron:1:"));
        record(&path, &tmp.path().join("b")).unwrap();
        assert_eq!(load(&path).unwrap(), [tmp.path().join("b")]);
    }

    #[test]
    fn a_missing_board_has_no_name() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(board_name(&tmp.path().join("gone")), None);
        std::fs::create_dir(tmp.path().join("dir")).unwrap();
        std::fs::create_dir(tmp.path().join("dir/board.ron")).unwrap();
        assert_eq!(board_name(&tmp.path().join("dir")), None);
    }
}
