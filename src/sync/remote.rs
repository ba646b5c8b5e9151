//! Exchanging commits with the upstream: `git pull --rebase`, then `git push`.

use super::SyncError;
use super::repo::{Repo, Upstream};

/// Rebases the local commits on the upstream's. Returns how many commits came in.
/// On a conflict git is left mid-rebase, for the user to resolve or abort.
pub fn pull(repo: &Repo) -> Result<usize, SyncError> {
    let before = repo.resolve("@{upstream}")?;
    // `--autostash`: other uncommitted work in the repository (the board's dot-files,
    // the team's code) must not stop the board from syncing, nor be lost.
    let args = ["pull", "--rebase", "--autostash"];
    let output = repo.git.run(&args)?;
    if !output.success {
        if repo.rebase_in_progress()? {
            let files = repo.unmerged_files()?;
            return Err(conflict(repo, files));
        }
        if output.stderr.contains("no such ref was fetched") {
            // The upstream branch does not exist yet (a new, empty remote): the push
            // creates it.
            return Ok(0);
        }
        return Err(super::git::failed(&args, &output));
    }
    let stash_conflicts = repo.unmerged_files()?;
    if !stash_conflicts.is_empty() {
        return Err(SyncError::Conflict {
            message: format!(
                "pulled, but putting back your other uncommitted changes conflicted in {}: resolve them there (your changes are also kept in `git stash list`)",
                super::file_list(&stash_conflicts)
            ),
            files: stash_conflicts,
        });
    }
    let after = repo.resolve("@{upstream}")?;
    match (before, after) {
        (Some(before), Some(after)) if before != after => {
            count(repo, &format!("{before}..{after}"))
        }
        (None, Some(after)) => count(repo, &after),
        _ => Ok(0),
    }
}

/// Pushes the branch to the branch it tracks, when it has commits the upstream lacks.
/// Returns whether it pushed.
pub fn push(repo: &Repo, upstream: &Upstream) -> Result<bool, SyncError> {
    let ahead = match repo.resolve("@{upstream}")? {
        Some(_) => count(repo, "@{upstream}..HEAD")?,
        // The remote branch does not exist yet: push whatever the branch has.
        None => usize::from(repo.resolve("HEAD")?.is_some()),
    };
    if ahead == 0 {
        return Ok(false);
    }
    // The refspec names the tracked branch explicitly, so the push goes where the pull
    // came from whatever `push.default` says. Both names come from git's own config.
    let refspec = format!("HEAD:{}", upstream.merge);
    let args = ["push", "--", upstream.remote.as_str(), refspec.as_str()];
    let output = repo.git.run(&args)?;
    if output.success {
        return Ok(true);
    }
    if output.stderr.contains("[rejected]") || output.stderr.contains("fetch first") {
        return Err(SyncError::Git {
            command: "git push".to_string(),
            stderr: "someone pushed while this sync ran; your commit is safe locally: sync again"
                .to_string(),
        });
    }
    Err(super::git::failed(&args, &output))
}

fn count(repo: &Repo, range: &str) -> Result<usize, SyncError> {
    let output = repo.git.ok(&["rev-list", "--count", range])?;
    Ok(output.text().trim().parse().unwrap_or(0))
}

/// What to tell the user when the pull stopped on conflicting files.
fn conflict(repo: &Repo, files: Vec<String>) -> SyncError {
    let top = repo.top().display();
    let which = if files.is_empty() {
        "some files".to_string()
    } else {
        super::file_list(&files)
    };
    SyncError::Conflict {
        message: format!(
            "conflict while pulling: {which} changed on both sides. git stopped mid-rebase in {top}: \
             edit the files to keep the right version (`mlboard check` finds the conflict markers), \
             `git add` them and run `git rebase --continue`; or run `git rebase --abort` to go back"
        ),
        files,
    }
}
