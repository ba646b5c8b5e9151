//! Running git: always with an argument list (never a shell), in the C locale so its
//! messages can be recognised, with no standard input and no terminal prompts, so a
//! sync from the TUI's background thread can never hang waiting for a password.

use super::SyncError;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Variables that point git at another repository than the one holding the board
/// (they are set, for example, inside git hooks). The board's own directory decides.
const REPOSITORY_OVERRIDES: [&str; 5] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
];

/// What one git command printed.
#[derive(Debug)]
pub struct Output {
    pub success: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    /// Standard output as text, trimmed of its final newline.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout)
            .trim_end_matches(['\n', '\r'])
            .to_string()
    }

    /// Standard output split on NUL (for `-z` output), without empty entries.
    pub fn nul_fields(&self) -> Vec<&[u8]> {
        self.stdout
            .split(|b| *b == 0)
            .filter(|field| !field.is_empty())
            .collect()
    }
}

/// A git object read by `cat-file --batch`: its contents, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    Bytes(Vec<u8>),
    /// Missing, not a blob (a submodule), or over the size board files may have.
    Unusable,
}

/// git, run in one directory.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
}

impl Git {
    pub fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = Command::new("git");
        command
            .args(args)
            .current_dir(&self.dir)
            .env("LC_ALL", "C")
            .env("GIT_TERMINAL_PROMPT", "0")
            // `git status` need not take the index lock the user's own git may want.
            .env("GIT_OPTIONAL_LOCKS", "0");
        for name in REPOSITORY_OVERRIDES {
            command.env_remove(name);
        }
        command
    }

    /// Runs git and returns what it printed, whatever its exit status.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Output, SyncError> {
        let output = self
            .command(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| spawn_error(e, args))?;
        Ok(Output {
            success: output.status.success(),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })
    }

    /// Runs git; a non-zero exit status is an error carrying git's message.
    pub fn ok<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Output, SyncError> {
        let output = self.run(args)?;
        if output.success {
            Ok(output)
        } else {
            Err(failed(args, &output))
        }
    }

    /// Like `run_with_input`; a non-zero exit status is an error carrying git's message.
    pub fn ok_with_input<S: AsRef<OsStr>>(
        &self,
        args: &[S],
        input: Vec<u8>,
    ) -> Result<Output, SyncError> {
        let output = self.run_with_input(args, input)?;
        if output.success {
            Ok(output)
        } else {
            Err(failed(args, &output))
        }
    }

    /// Runs git with `input` on its standard input (a list of paths or object ids that
    /// git itself printed, never text a user typed), and returns what it printed.
    pub fn run_with_input<S: AsRef<OsStr>>(
        &self,
        args: &[S],
        input: Vec<u8>,
    ) -> Result<Output, SyncError> {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(e, args))?;
        let mut stdin = child.stdin.take().ok_or_else(|| io_failure(args))?;
        // Written from another thread: git answers while it reads, and a full output
        // pipe would otherwise block both sides.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let output = child.wait_with_output().map_err(|_| io_failure(args))?;
        let _ = writer.join();
        Ok(Output {
            success: output.status.success(),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })
    }

    /// Reads many objects with one `git cat-file --batch`, instead of one process per
    /// file: describing a commit of 1,000 cards would otherwise start 2,000 processes.
    /// Objects that cannot be read are left out of the map.
    pub fn read_blobs(
        &self,
        ids: &[String],
        max_bytes: u64,
    ) -> Result<HashMap<String, Blob>, SyncError> {
        let mut blobs = HashMap::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(blobs);
        }
        let input: Vec<u8> = ids
            .iter()
            .flat_map(|id| format!("{id}\n").into_bytes())
            .collect();
        let output = self.run_with_input(&["cat-file", "--batch"], input)?;
        let mut answers = output.stdout.as_slice();
        for id in ids {
            match read_one_blob(&mut answers, max_bytes) {
                Ok(Some(blob)) => {
                    blobs.insert(id.clone(), blob);
                }
                Ok(None) | Err(_) => break,
            }
        }
        Ok(blobs)
    }
}

/// Reads one `cat-file --batch` answer: `<id> <type> <size>\n<contents>\n`, or
/// `<name> missing\n`. `None` at the end of the output.
fn read_one_blob(reader: &mut impl BufRead, max_bytes: u64) -> io::Result<Option<Blob>> {
    let mut header = String::new();
    if reader.read_line(&mut header)? == 0 {
        return Ok(None);
    }
    let fields: Vec<&str> = header.split_whitespace().collect();
    let (kind, size) = match fields.as_slice() {
        [_, kind, size] => match size.parse::<u64>() {
            Ok(size) => (*kind, size),
            Err(_) => return Ok(Some(Blob::Unusable)),
        },
        // `<name> missing` or `<name> ambiguous`: no contents follow.
        _ => return Ok(Some(Blob::Unusable)),
    };
    let usable = kind == "blob" && size <= max_bytes;
    let blob = if usable {
        let mut contents = Vec::with_capacity(size as usize);
        reader.by_ref().take(size).read_to_end(&mut contents)?;
        Blob::Bytes(contents)
    } else {
        io::copy(&mut reader.by_ref().take(size), &mut io::sink())?;
        Blob::Unusable
    };
    let mut newline = [0u8; 1];
    reader.read_exact(&mut newline)?;
    Ok(Some(blob))
}

/// `git commit`: enough to say which step failed; the other arguments are flags and
/// temporary file names that would only clutter the message.
fn command_line<S: AsRef<OsStr>>(args: &[S]) -> String {
    match args.first() {
        Some(subcommand) => format!("git {}", subcommand.as_ref().to_string_lossy()),
        None => "git".to_string(),
    }
}

fn spawn_error<S: AsRef<OsStr>>(error: io::Error, args: &[S]) -> SyncError {
    if error.kind() == io::ErrorKind::NotFound {
        SyncError::NoGit
    } else {
        SyncError::Git {
            command: command_line(args),
            stderr: error.to_string(),
        }
    }
}

fn io_failure<S: AsRef<OsStr>>(args: &[S]) -> SyncError {
    SyncError::Git {
        command: command_line(args),
        stderr: "could not talk to git through a pipe".to_string(),
    }
}

/// The error for a git command that exited with a failure.
pub fn failed<S: AsRef<OsStr>>(args: &[S], output: &Output) -> SyncError {
    let stderr = if output.stderr.is_empty() {
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    } else {
        output.stderr.clone()
    };
    SyncError::Git {
        command: command_line(args),
        stderr: crate::model::text::safe_line(&last_lines(&stderr, 3)).into_owned(),
    }
}

/// git's last few lines say what went wrong; hints before them only add noise.
fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    lines[lines.len().saturating_sub(count)..].join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_batch_answers_and_skips_missing_objects() {
        let answer = b"abc blob 5\nhello\nzzz missing\ndef tree 3\nxyz\nfff blob 4\nlong\n";
        let mut reader = &answer[..];
        assert_eq!(
            read_one_blob(&mut reader, 10).unwrap(),
            Some(Blob::Bytes(b"hello".to_vec()))
        );
        assert_eq!(
            read_one_blob(&mut reader, 10).unwrap(),
            Some(Blob::Unusable)
        );
        assert_eq!(
            read_one_blob(&mut reader, 10).unwrap(),
            Some(Blob::Unusable)
        );
        assert_eq!(read_one_blob(&mut reader, 3).unwrap(), Some(Blob::Unusable));
        assert_eq!(read_one_blob(&mut reader, 10).unwrap(), None);
    }

    #[test]
    fn keeps_the_end_of_git_messages_without_hints() {
        let text = "hint: one\nerror: a\n\nhint: two\nfatal: b\n";
        assert_eq!(last_lines(text, 3), "error: a / fatal: b");
        assert_eq!(last_lines("", 3), "");
    }
}
