//! Staging the board's files, and only those, and committing them with a message
//! that says what changed. Card text reaches git only inside the message file.

use super::SyncError;
use super::git::Blob;
use super::message::{self, FileChange, Version};
use super::repo::{Repo, is_identity_error, literal};
use crate::model::CardId;
use crate::store::{self, MAX_FILE_BYTES, Parsed, classify};
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::Path;
use tempfile::NamedTempFile;

/// The id git prints for "no file on this side" in `diff --raw`.
fn is_null_id(id: &str) -> bool {
    id.bytes().all(|b| b == b'0')
}

/// One board file that differs between HEAD and the index, named from the top of the
/// work tree, with the object ids of both sides (`None` where it does not exist).
#[derive(Debug)]
struct Staged {
    path: String,
    old: Option<String>,
    new: Option<String>,
}

/// Stages and commits the board's files. Returns the commit's summary line, or `None`
/// when the board has nothing to commit.
pub fn commit_board(repo: &Repo) -> Result<Option<String>, SyncError> {
    let changed = changed_board_files(repo)?;
    if changed.is_empty() {
        return Ok(None);
    }
    repo.ensure_identity()?;
    refuse_conflict_markers(repo, &changed)?;
    // `update-index` takes plain paths: `git add` with 1,000 pathspecs matches every
    // one against every file and takes seconds. `--remove` stages deletions too.
    repo.git.ok_with_input(
        &["update-index", "--add", "--remove", "-z", "--stdin"],
        nul_separated(&changed),
    )?;
    let staged = staged_board_files(repo)?;
    if staged.is_empty() {
        return Ok(None); // changed and changed back
    }
    let message = describe(repo, &staged)?.unwrap_or_else(|| message::Message {
        summary: "Update the board".to_string(),
        body: Vec::new(),
    });
    let message_file = temp_file(message.text().as_bytes())?;
    let paths: Vec<String> = staged.into_iter().map(|s| literal(&s.path)).collect();
    let list = temp_file(&nul_separated(&paths))?;
    // Naming the paths commits only the board: anything else the user has staged
    // stays staged, for the user to commit.
    let args = [
        OsString::from("commit"),
        OsString::from("--quiet"),
        OsString::from("--cleanup=whitespace"),
        OsString::from("-F"),
        message_file.path().as_os_str().to_owned(),
        pathspec_arg(&list),
        OsString::from("--pathspec-file-nul"),
    ];
    let output = repo.git.run(&args)?;
    if !output.success {
        if is_identity_error(&output.stderr) {
            return Err(SyncError::NoIdentity(repo.top().to_path_buf()));
        }
        return Err(super::git::failed(&args, &output));
    }
    Ok(Some(message.summary))
}

/// Board files that differ from HEAD in the index or the work tree. Dot-files
/// (mlboard's temporary files, editors' swap files) and other files are left alone.
fn changed_board_files(repo: &Repo) -> Result<Vec<String>, SyncError> {
    let mut args = vec![
        "status".to_string(),
        "--porcelain=v1".to_string(),
        "-z".to_string(),
        "--untracked-files=all".to_string(),
        "--no-renames".to_string(),
        "--".to_string(),
    ];
    args.extend(repo.board_pathspecs());
    let output = repo.git.ok(&args)?;
    let mut paths = Vec::new();
    for entry in output.nul_fields() {
        // `XY path`: two status letters, a space, the path.
        let Some(path) = entry.get(3..) else { continue };
        let Ok(path) = std::str::from_utf8(path) else {
            continue;
        };
        if repo.board_rel(path).and_then(classify).is_some() {
            paths.push(path.to_string());
        }
    }
    Ok(paths)
}

/// Board files whose staged version differs from HEAD's, with both object ids.
fn staged_board_files(repo: &Repo) -> Result<Vec<Staged>, SyncError> {
    let mut args = vec![
        "diff".to_string(),
        "--cached".to_string(),
        "--raw".to_string(),
        "-z".to_string(),
        "--no-abbrev".to_string(),
        "--no-renames".to_string(),
        "--".to_string(),
    ];
    args.extend(repo.board_pathspecs());
    let output = repo.git.ok(&args)?;
    let fields = output.nul_fields();
    let mut staged = Vec::new();
    // `:<old mode> <new mode> <old id> <new id> <status>` then the path.
    for pair in fields.chunks(2) {
        let [header, path] = pair else { break };
        let header = String::from_utf8_lossy(header);
        let Ok(path) = std::str::from_utf8(path) else {
            continue;
        };
        let words: Vec<&str> = header.trim_start_matches(':').split(' ').collect();
        let [_, _, old, new, _] = words.as_slice() else {
            continue;
        };
        if repo.board_rel(path).and_then(classify).is_none() {
            continue;
        }
        staged.push(Staged {
            path: path.to_string(),
            old: (!is_null_id(old)).then(|| old.to_string()),
            new: (!is_null_id(new)).then(|| new.to_string()),
        });
    }
    Ok(staged)
}

/// Parses both sides of every staged file and describes the change.
fn describe(repo: &Repo, staged: &[Staged]) -> Result<Option<message::Message>, SyncError> {
    let mut ids: Vec<String> = staged
        .iter()
        .flat_map(|s| s.old.iter().chain(s.new.iter()).cloned())
        .collect();
    ids.sort();
    ids.dedup();
    let blobs = repo.git.read_blobs(&ids, MAX_FILE_BYTES)?;
    let board = repo.top().join(&repo.prefix);
    let version = |rel: &str, id: &Option<String>| match id {
        None => Version::Missing,
        Some(id) => match blobs.get(id) {
            Some(Blob::Bytes(bytes)) => match store::parse_bytes(&board, rel, bytes) {
                Ok(parsed) => Version::Parsed(parsed),
                Err(_) => Version::Unreadable,
            },
            _ => Version::Unreadable,
        },
    };
    let changes: Vec<FileChange> = staged
        .iter()
        .filter_map(|s| {
            let rel = repo.board_rel(&s.path)?;
            Some(FileChange {
                rel: rel.to_string(),
                old: version(rel, &s.old),
                new: version(rel, &s.new),
            })
        })
        .collect();
    let titles = titles_of_reviewed_cards(&board, &changes);
    Ok(message::describe(&changes, &titles))
}

/// The titles of cards that were reviewed but did not change, read from the board.
fn titles_of_reviewed_cards(board: &Path, changes: &[FileChange]) -> HashMap<CardId, String> {
    let mut titles = HashMap::new();
    for change in changes {
        let review = match (&change.new, &change.old) {
            (Version::Parsed(Parsed::Review(r)), _) | (_, Version::Parsed(Parsed::Review(r))) => r,
            _ => continue,
        };
        if titles.contains_key(&review.card) {
            continue;
        }
        let rel = store::card_rel(&review.card);
        if let Some(bytes) = read_capped(&board.join(&rel))
            && let Ok(Parsed::Card(card)) = store::parse_bytes(board, &rel, &bytes)
        {
            titles.insert(review.card.clone(), card.title.to_string());
        }
    }
    titles
}

/// A file's bytes, unless it is missing, unreadable or larger than a board file may be.
fn read_capped(path: &Path) -> Option<Vec<u8>> {
    // Only a regular file: a symbolic link in a shared repository may point anywhere
    // (a FIFO, `/dev/stdin`), and is never followed.
    let store::files::Entry::File(file) = store::files::open_regular(path).ok()? else {
        return None;
    };
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes)
}

/// Committing a file that still has conflict markers would share a broken card with
/// the whole team: refuse, and touch nothing.
fn refuse_conflict_markers(repo: &Repo, paths: &[String]) -> Result<(), SyncError> {
    let marked: Vec<String> = paths
        .iter()
        .filter(|path| {
            read_capped(&repo.top().join(path))
                .is_some_and(|bytes| store::has_conflict_markers(&bytes))
        })
        .cloned()
        .collect();
    if marked.is_empty() {
        Ok(())
    } else {
        Err(SyncError::Unresolved(marked))
    }
}

/// Paths separated by NUL, for `-z` input and `--pathspec-file-nul`: any file name
/// goes through unharmed, and no list, however long, has to fit on a command line.
fn nul_separated(paths: &[String]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(paths.len() * 32);
    for path in paths {
        bytes.extend_from_slice(path.as_bytes());
        bytes.push(0);
    }
    bytes
}

/// `--pathspec-from-file=<file>`, as one argument.
fn pathspec_arg(file: &NamedTempFile) -> OsString {
    let mut arg = OsString::from("--pathspec-from-file=");
    arg.push(file.path());
    arg
}

/// A temporary file in the system's temporary directory, outside the board (and
/// outside the work tree), removed when dropped.
fn temp_file(bytes: &[u8]) -> Result<NamedTempFile, SyncError> {
    let io = |e: std::io::Error| SyncError::Io(format!("could not write a temporary file: {e}"));
    let mut file = tempfile::Builder::new()
        .prefix("mlboard-sync-")
        .tempfile()
        .map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.flush().map_err(io)?;
    Ok(file)
}
