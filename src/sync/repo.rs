//! The git work tree that holds a board: where it is, where the board sits in it, and
//! whether git is in a state where committing is safe.

use super::SyncError;
use super::git::{Git, Limits};
use std::path::Path;

/// git 2.25 brought `--pathspec-from-file`, which keeps long file lists off the
/// command line.
const MIN_GIT: (u32, u32) = (2, 25);

/// A board inside a git work tree.
#[derive(Debug)]
pub struct Repo {
    /// Runs git at the top of the work tree, so every path below is relative to it.
    pub git: Git,
    /// The board directory relative to the top, `""` or ending in `/` (`team/board/`).
    pub prefix: String,
}

/// An operation git has stopped in the middle of, which the user must finish first.
const UNFINISHED: [(&str, &str, &str); 5] = [
    (
        "rebase-merge",
        "a rebase",
        "git rebase --continue` or `git rebase --abort",
    ),
    (
        "rebase-apply",
        "a rebase",
        "git rebase --continue` or `git rebase --abort",
    ),
    ("MERGE_HEAD", "a merge", "git commit` or `git merge --abort"),
    (
        "CHERRY_PICK_HEAD",
        "a cherry-pick",
        "git cherry-pick --continue` or `git cherry-pick --abort",
    ),
    (
        "REVERT_HEAD",
        "a revert",
        "git revert --continue` or `git revert --abort",
    ),
];

impl Repo {
    /// Finds the work tree containing `board`. A board directory that does not exist
    /// yet (a clone made before anyone pushed the board) is looked for from its
    /// nearest existing parent, so a sync can pull the board in.
    pub fn find(board: &Path, limits: &Limits) -> Result<Repo, SyncError> {
        let not_a_repo = || SyncError::NotARepo(board.to_path_buf());
        let (existing, missing) = nearest_existing(board).ok_or_else(not_a_repo)?;
        let here = Git::new(existing, limits);
        check_version(&here)?;
        let output = here.run(&["rev-parse", "--show-toplevel", "--show-prefix"])?;
        if !output.success {
            return Err(not_a_repo());
        }
        let text = String::from_utf8(output.stdout).map_err(|_| not_utf8())?;
        let mut lines = text.lines();
        let Some(top) = lines.next().filter(|t| !t.is_empty()) else {
            return Err(not_a_repo());
        };
        let mut prefix = lines.next().unwrap_or("").to_string();
        for part in missing {
            prefix.push_str(&part);
            prefix.push('/');
        }
        Ok(Repo {
            git: Git::new(Path::new(top), limits),
            prefix,
        })
    }

    pub fn top(&self) -> &Path {
        self.git.dir()
    }

    /// A board-relative path (`cards/x.ron`) as git names it from the top.
    pub fn path(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }

    /// The board-relative path of a path git printed, if it is inside the board.
    pub fn board_rel<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.strip_prefix(self.prefix.as_str())
    }

    /// The board's files and folders, as pathspecs.
    pub fn board_pathspecs(&self) -> Vec<String> {
        std::iter::once(crate::store::SETTINGS_REL)
            .chain(crate::store::SUBDIRS.iter().copied())
            .map(|rel| literal(&self.path(rel)))
            .collect()
    }

    /// Refuses to start while git is in the middle of something: committing then
    /// would mix the board's changes into the user's rebase or merge.
    pub fn ensure_idle(&self) -> Result<(), SyncError> {
        let mut args = vec!["rev-parse"];
        for (name, _, _) in UNFINISHED {
            args.extend(["--git-path", name]);
        }
        let output = self.git.ok(&args)?;
        let text = output.text();
        for ((_, what, commands), path) in UNFINISHED.iter().zip(text.lines()) {
            if self.top().join(path).exists() {
                return Err(SyncError::Unfinished(format!(
                    "{what} is in progress in {}: finish it (`{commands}`), then sync again",
                    self.top().display()
                )));
            }
        }
        let unmerged = self.unmerged_files()?;
        if !unmerged.is_empty() {
            return Err(SyncError::Unfinished(format!(
                "{} has unresolved conflicts: resolve {}, `git add` them, then sync again",
                self.top().display(),
                super::file_list(&unmerged)
            )));
        }
        Ok(())
    }

    /// Files git holds as conflicted, relative to the top.
    pub fn unmerged_files(&self) -> Result<Vec<String>, SyncError> {
        let output = self
            .git
            .ok(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
        let mut files: Vec<String> = output
            .nul_fields()
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        files.dedup();
        Ok(files)
    }

    /// True while a rebase has stopped (on a conflict).
    pub fn rebase_in_progress(&self) -> Result<bool, SyncError> {
        let output = self.git.ok(&[
            "rev-parse",
            "--git-path",
            "rebase-merge",
            "--git-path",
            "rebase-apply",
        ])?;
        Ok(output.text().lines().any(|p| self.top().join(p).exists()))
    }

    /// Fails early, with a clear message, when git cannot record a commit because it
    /// does not know who the user is (mlboard never sets a global identity itself).
    pub fn ensure_identity(&self) -> Result<(), SyncError> {
        let output = self.git.run(&["var", "GIT_AUTHOR_IDENT"])?;
        if output.success {
            Ok(())
        } else if is_identity_error(&output.stderr) {
            Err(SyncError::NoIdentity(self.top().to_path_buf()))
        } else {
            Err(super::git::failed(&["var", "GIT_AUTHOR_IDENT"], &output))
        }
    }

    /// The current branch and the remote branch it tracks, when both are set.
    pub fn upstream(&self) -> Result<Option<Upstream>, SyncError> {
        let branch = self
            .git
            .run(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
        if !branch.success {
            return Ok(None); // a detached HEAD tracks nothing
        }
        let branch = branch.text();
        let remote = self.config(&format!("branch.{branch}.remote"))?;
        let merge = self.config(&format!("branch.{branch}.merge"))?;
        Ok(match (remote, merge) {
            // `.` is the local repository: nothing to pull from or push to.
            (Some(remote), Some(merge)) if remote != "." => Some(Upstream {
                branch,
                remote,
                merge,
            }),
            _ => None,
        })
    }

    fn config(&self, key: &str) -> Result<Option<String>, SyncError> {
        let output = self.git.run(&["config", "--get", key])?;
        Ok(output
            .success
            .then(|| output.text())
            .filter(|value| !value.is_empty()))
    }

    /// The commit a revision names, if it exists.
    pub fn resolve(&self, revision: &str) -> Result<Option<String>, SyncError> {
        let output = self
            .git
            .run(&["rev-parse", "--quiet", "--verify", revision])?;
        Ok(output.success.then(|| output.text()))
    }
}

/// A pathspec that matches this path and nothing else: a board in `my[board]/` is
/// not a glob. (Per pathspec rather than `GIT_LITERAL_PATHSPECS`, which the user's
/// hooks would inherit.)
pub fn literal(path: &str) -> String {
    format!(":(literal){path}")
}

/// The branch being synced, its remote, and the remote branch it tracks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    pub branch: String,
    pub remote: String,
    /// The tracked branch on the remote, `refs/heads/main`.
    pub merge: String,
}

/// git's words (in the C locale) when it has no name or email to commit with.
pub fn is_identity_error(stderr: &str) -> bool {
    stderr.contains("Please tell me who you are")
        || stderr.contains("unable to auto-detect email address")
        || stderr.contains("empty ident name")
        || stderr.contains("no email was given")
        || stderr.contains("no name was given")
}

fn not_utf8() -> SyncError {
    SyncError::Git {
        command: "git rev-parse".to_string(),
        stderr: "the board's path is not UTF-8, which mlboard cannot stage".to_string(),
    }
}

/// The nearest directory of `path` (itself or a parent) that exists, and the names of
/// the missing directories below it, outermost first.
fn nearest_existing(path: &Path) -> Option<(&Path, Vec<String>)> {
    let mut existing = path;
    let mut missing = Vec::new();
    while !existing.is_dir() {
        // Running git in a missing directory would fail as if git were missing.
        let name = existing.file_name()?.to_str()?;
        missing.push(name.to_string());
        existing = match existing.parent()? {
            parent if parent.as_os_str().is_empty() => Path::new("."),
            parent => parent,
        };
    }
    missing.reverse();
    Some((existing, missing))
}

fn check_version(git: &Git) -> Result<(), SyncError> {
    let output = git.ok(&["--version"])?;
    match parse_version(&output.text()) {
        Some(version) if version < MIN_GIT => Err(SyncError::Git {
            command: "git --version".to_string(),
            stderr: format!(
                "git {}.{} is too old: mlboard sync needs git {}.{} or newer",
                version.0, version.1, MIN_GIT.0, MIN_GIT.1
            ),
        }),
        // An unrecognisable version string is let through: git itself will say more.
        _ => Ok(()),
    }
}

/// `git version 2.47.3` (or `git version 2.39.5 (Apple Git-154)`) → `(2, 47)`.
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let number = text.split_whitespace().nth(2)?;
    let mut parts = number.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_git_versions() {
        assert_eq!(parse_version("git version 2.47.3"), Some((2, 47)));
        assert_eq!(
            parse_version("git version 2.39.5 (Apple Git-154)"),
            Some((2, 39))
        );
        assert_eq!(parse_version("git version 2.45.windows.1"), Some((2, 45)));
        assert_eq!(parse_version("nonsense"), None);
    }

    #[test]
    fn finds_the_nearest_existing_directory() {
        let dir = tempfile::tempdir().unwrap();
        let board = dir.path().join("team/board");
        let (existing, missing) = nearest_existing(&board).unwrap();
        assert_eq!(
            (existing, missing.as_slice()),
            (dir.path(), &["team".to_string(), "board".to_string()][..])
        );
        assert_eq!(
            nearest_existing(Path::new("no-such-board")).unwrap().0,
            Path::new(".")
        );
    }

    #[test]
    fn recognises_missing_identity() {
        assert!(is_identity_error(
            "Author identity unknown\n\n*** Please tell me who you are.\n"
        ));
        assert!(!is_identity_error("fatal: not a git repository"));
    }
}
