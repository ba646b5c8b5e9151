//! Sharing a board through git (SPEC §5): stage the board's files, commit them with a
//! message that says what changed, `git pull --rebase`, and `git push` when there is
//! an upstream.
//!
//! - `git`: running git safely (argument lists, C locale, no prompts).
//! - `repo`: the work tree around the board, and whether git is idle.
//! - `commit`: staging and committing only the board's files.
//! - `message`, `phrase`: describing the changes (pure, unit-tested without git).
//! - `remote`: pulling and pushing.

mod commit;
mod git;
pub mod message;
mod phrase;
mod remote;
mod repo;

pub use git::{Cancel, Limits};
use repo::Repo;
use std::path::{Path, PathBuf};

/// What a sync did, for the status line or the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// The summary line of the commit made, if there was anything to commit.
    pub committed: Option<String>,
    /// The pull brought in commits from the upstream (the board on disk may have changed).
    pub pulled: bool,
    /// Commits were pushed to the upstream.
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
    /// The pull stopped on conflicting files; git is left mid-rebase (or, with
    /// `rebasing` false, with the autostash not put back) for the user.
    #[error("{message}")]
    Conflict {
        files: Vec<String>,
        message: String,
        /// The top of the work tree, where the user finishes or aborts.
        repo: PathBuf,
        rebasing: bool,
    },
    /// git is in the middle of a rebase, merge or similar: nothing was touched.
    #[error("{0}")]
    Unfinished(String),
    /// Board files still hold conflict markers: nothing was staged or committed.
    #[error(
        "{} still hold{} git conflict markers: resolve them (`mlboard check` lists them), then sync again",
        file_list(.0), if .0.len() == 1 { "s" } else { "" }
    )]
    Unresolved(Vec<String>),
    #[error(
        "git does not know who you are, so it cannot commit in {0}: run `git config user.name \"Your Name\"` and `git config user.email you@example.com` there (add --global for every repository)"
    )]
    NoIdentity(PathBuf),
    #[error("`{command}` failed: {stderr}")]
    Git { command: String, stderr: String },
    /// A git command outlived `sync_timeout_s` and was stopped.
    #[error(
        "`{command}` did not finish within {seconds} s (sync_timeout_s in config.ron), so mlboard stopped it; nothing committed is lost: sync again later"
    )]
    Timeout { command: String, seconds: u64 },
    #[error("sync cancelled: `{0}` was stopped; nothing committed is lost")]
    Cancelled(String),
    #[error("{0}")]
    Io(String),
}

/// Stages the board's files, commits them with a message that says what changed,
/// pulls with rebase, and pushes when there is an upstream. Every git command is
/// bounded by the user's `sync_timeout_s`.
pub fn sync(root: &Path, progress: &mut dyn FnMut(&str)) -> Result<SyncReport, SyncError> {
    sync_with(root, progress, &Limits::from_config())
}

/// `sync` within given limits: the TUI passes a `Cancel` it triggers when it quits.
pub fn sync_with(
    root: &Path,
    progress: &mut dyn FnMut(&str),
    limits: &Limits,
) -> Result<SyncReport, SyncError> {
    let repo = Repo::find(root, limits)?;
    repo.ensure_idle()?;
    progress("committing…");
    let committed = commit::commit_board(&repo)?;
    let Some(upstream) = repo.upstream()? else {
        const NO_UPSTREAM: &str = "no upstream branch: not pulled or pushed";
        let message = match &committed {
            Some(summary) => format!("Committed locally ({NO_UPSTREAM}): {summary}"),
            None => format!("Nothing to commit ({NO_UPSTREAM})"),
        };
        return Ok(SyncReport {
            committed,
            pulled: false,
            pushed: false,
            message,
        });
    };
    progress("pulling…");
    let received = remote::pull(&repo, &upstream)?;
    progress("pushing…");
    let pushed = remote::push(&repo, &upstream)?;
    let message = report_line(committed.as_deref(), received, pushed);
    Ok(SyncReport {
        committed,
        pulled: received > 0,
        pushed,
        message,
    })
}

/// Commits the board's files locally (no pull, no push), for `autocommit`. Returns the
/// commit's summary, or `None` when there was nothing to commit.
pub fn autocommit(root: &Path) -> Result<Option<String>, SyncError> {
    let repo = Repo::find(root, &Limits::from_config())?;
    repo.ensure_idle()?;
    commit::commit_board(&repo)
}

/// A value of `git config` as git sees it in `dir` (the repository's, the user's
/// global one), with the same hardened runner as every other git command.
pub fn config_value(dir: &Path, key: &str) -> Option<String> {
    let output = git::Git::new(dir, &Limits::from_config())
        .run(&["config", "--get", key])
        .ok()?;
    let value = output.text().trim().to_string();
    (output.success && !value.is_empty()).then_some(value)
}

/// File names for a message: git's names of files in a shared repository are
/// untrusted text, shown escaped.
fn file_list(files: &[String]) -> String {
    files
        .iter()
        .map(|f| crate::model::text::safe_line(f).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Synced (committed, pulled 2 commits, pushed): Move "EDA" to Development`.
fn report_line(committed: Option<&str>, received: usize, pushed: bool) -> String {
    let mut done = Vec::new();
    if committed.is_some() {
        done.push("committed".to_string());
    }
    match received {
        0 => {}
        1 => done.push("pulled 1 commit".to_string()),
        n => done.push(format!("pulled {n} commits")),
    }
    if pushed {
        done.push("pushed".to_string());
    }
    match (done.is_empty(), committed) {
        (true, _) => "Synced: already up to date".to_string(),
        (false, Some(summary)) => format!("Synced ({}): {summary}", done.join(", ")),
        (false, None) => format!("Synced ({})", done.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lines_say_what_happened() {
        assert_eq!(report_line(None, 0, false), "Synced: already up to date");
        assert_eq!(
            report_line(Some("Move \"EDA\" to Development"), 2, true),
            "Synced (committed, pulled 2 commits, pushed): Move \"EDA\" to Development"
        );
        assert_eq!(report_line(None, 1, false), "Synced (pulled 1 commit)");
    }

    #[test]
    fn a_directory_that_does_not_exist_is_not_a_repository() {
        let missing = Path::new("/nonexistent/mlboard/board");
        assert!(matches!(
            sync(missing, &mut |_| {}),
            Err(SyncError::NotARepo(_))
        ));
    }
}
