//! Exchanging commits with the upstream: `git pull --rebase` as its two steps, the
//! network one (`git fetch`) and the local one (`git rebase`), then `git push`.
//! Split so that a remote that does not answer is stopped in `fetch`, which leaves
//! nothing half done (a stopped `pull` could stop mid-rebase).

use super::SyncError;
use super::repo::{Repo, Upstream};

/// Fetches the upstream and rebases the local commits on it. Returns how many commits
/// came in. On a conflict git is left mid-rebase, for the user to resolve or abort.
pub fn pull(repo: &Repo, upstream: &Upstream) -> Result<usize, SyncError> {
    let before = repo.resolve("@{upstream}")?;
    let fetch = ["fetch", "--quiet", "--", upstream.remote.as_str()];
    let output = repo.git.for_remote()?.run(&fetch)?;
    if !output.success {
        return Err(super::git::failed(&fetch, &output));
    }
    if repo.resolve("@{upstream}")?.is_none() {
        // The upstream branch does not exist yet (a new, empty remote): the push
        // creates it.
        return Ok(0);
    }
    // `--autostash`: other uncommitted work in the repository (the board's dot-files,
    // the team's code) must not stop the board from syncing, nor be lost. With no
    // upstream named, rebase uses the branch's (with `--fork-point`, as pull does).
    // A clone of an empty remote has no commit yet to rebase: it takes the
    // upstream's, as pull does (untracked files stay, and are never overwritten).
    let args: &[&str] = if repo.resolve("HEAD")?.is_some() {
        &["rebase", "--autostash"]
    } else {
        &["merge", "--ff-only", "@{upstream}"]
    };
    let output = repo.git.run(args)?;
    if !output.success {
        if repo.rebase_in_progress()? {
            let files = repo.unmerged_files()?;
            return Err(conflict(repo, files));
        }
        return Err(super::git::failed(args, &output));
    }
    let stash_conflicts = repo.unmerged_files()?;
    if !stash_conflicts.is_empty() {
        return Err(SyncError::Conflict {
            message: format!(
                "pulled, but putting back your other uncommitted changes conflicted in {}: resolve them there (your changes are also kept in `git stash list`)",
                super::file_list(&stash_conflicts)
            ),
            files: stash_conflicts,
            repo: repo.top().to_path_buf(),
            rebasing: false,
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
    let output = repo.git.for_remote()?.run(&args)?;
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
        repo: repo.top().to_path_buf(),
        rebasing: true,
    }
}
