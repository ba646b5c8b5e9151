//! Running git — the one place mlboard starts git. Always with an argument list
//! (never a shell), in the C locale so its messages can be recognised, and so that it
//! can never hang mlboard or draw over the TUI:
//!
//! - no standard input, no terminal prompts (`GIT_TERMINAL_PROMPT=0`), ssh in batch
//!   mode, and in a session of its own: git and what it starts (ssh, credential
//!   helpers, hooks) have no controlling terminal to prompt on;
//! - every command is bounded by a time limit (`sync_timeout_s`) and can be cancelled
//!   (`Cancel`, the TUI's quit): then its whole process group gets SIGTERM (git
//!   removes its lock files on it), and SIGKILL if it does not stop.

use super::SyncError;
use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

/// `sync_timeout_s` when config.ron does not say.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a stopped git gets to clean up (SIGTERM) before it is killed (SIGKILL).
const GRACE: Duration = Duration::from_secs(2);

/// How often a running command looks at its `Cancel`.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// Stops every git command that shares it, at once and for good: the TUI cancels a
/// running sync when it quits, so no `git fetch` or ssh is left behind.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<CancelState>);

#[derive(Debug, Default)]
struct CancelState {
    cancelled: AtomicBool,
    /// The process groups of the git commands running now.
    running: Mutex<Vec<u32>>,
}

impl Cancel {
    /// Cancels: every git command running under this handle gets SIGTERM (to its
    /// whole process group) before this returns, so a program that quits right after
    /// leaves nothing running; its runner then makes sure (SIGKILL after a grace
    /// period, if it is still alive). Commands started later fail at once.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        let running = self
            .0
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for group in running.iter() {
            signal_group(*group, false);
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// Notes a started command; false when already cancelled (then it is stopped).
    fn started(&self, group: u32) -> bool {
        let mut running = self
            .0
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if self.is_cancelled() {
            return false;
        }
        running.push(group);
        true
    }

    fn ended(&self, group: u32) {
        let mut running = self
            .0
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        running.retain(|g| *g != group);
    }
}

/// The bounds every git command runs within.
#[derive(Debug, Clone)]
pub struct Limits {
    pub timeout: Duration,
    pub cancel: Cancel,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: DEFAULT_TIMEOUT,
            cancel: Cancel::default(),
        }
    }
}

impl Limits {
    /// The user's `sync_timeout_s` (config.ron), else the default; never under 1 s.
    pub fn from_config() -> Limits {
        let seconds = crate::store::user::load_config()
            .ok()
            .and_then(|c| c.sync_timeout_s);
        Limits {
            timeout: seconds.map_or(DEFAULT_TIMEOUT, |s| Duration::from_secs(s.max(1))),
            cancel: Cancel::default(),
        }
    }
}

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
    limits: Limits,
    /// `GIT_SSH_COMMAND` for commands that reach a remote (see `batch_ssh`).
    ssh: Option<String>,
}

impl Git {
    pub fn new(dir: &Path, limits: &Limits) -> Git {
        Git {
            dir: dir.to_path_buf(),
            limits: limits.clone(),
            ssh: None,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The same git, for commands that reach a remote: ssh never prompts.
    pub fn for_remote(&self) -> Result<Git, SyncError> {
        let configured = self.run(&["config", "--get", "core.sshCommand"])?;
        let configured = configured.success.then(|| configured.text());
        let env = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Ok(Git {
            ssh: batch_ssh(
                env("GIT_SSH_COMMAND").as_deref(),
                env("GIT_SSH").is_some(),
                configured.as_deref(),
            ),
            ..self.clone()
        })
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = Command::new("git");
        command
            .args(args)
            .current_dir(&self.dir)
            .env("LC_ALL", "C")
            .env("GIT_TERMINAL_PROMPT", "0")
            // Git Credential Manager: no interactive sign-in either.
            .env("GCM_INTERACTIVE", "never")
            // `git status` need not take the index lock the user's own git may want.
            .env("GIT_OPTIONAL_LOCKS", "0");
        if let Some(ssh) = &self.ssh {
            command.env("GIT_SSH_COMMAND", ssh);
        }
        for name in REPOSITORY_OVERRIDES {
            command.env_remove(name);
        }
        own_session(&mut command);
        command
    }

    /// Runs git and returns what it printed, whatever its exit status.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Output, SyncError> {
        let child = self
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| spawn_error(e, args))?;
        self.finish(child, args)
    }

    /// Waits for `child` within the limits; stops its whole process group when the
    /// time is up or the sync is cancelled.
    fn finish<S: AsRef<OsStr>>(&self, child: Child, args: &[S]) -> Result<Output, SyncError> {
        let group = child.id();
        let cancel = &self.limits.cancel;
        let registered = cancel.started(group);
        let (tx, rx) = mpsc::channel();
        // `wait_with_output` reads both pipes and reaps the child; on another thread,
        // so this one can keep time.
        std::thread::spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        let result = self.wait(group, &rx, args, registered);
        cancel.ended(group);
        result
    }

    fn wait<S: AsRef<OsStr>>(
        &self,
        group: u32,
        rx: &mpsc::Receiver<io::Result<std::process::Output>>,
        args: &[S],
        registered: bool,
    ) -> Result<Output, SyncError> {
        let deadline = Instant::now() + self.limits.timeout;
        let stopped = loop {
            let now = Instant::now();
            if !registered || self.limits.cancel.is_cancelled() {
                break Stop::Cancelled;
            }
            if now >= deadline {
                break Stop::TimedOut;
            }
            match rx.recv_timeout((deadline - now).min(CANCEL_POLL)) {
                // Ended by `Cancel::cancel`'s signal, or just before it: cancelled.
                Ok(_) if self.limits.cancel.is_cancelled() => {
                    signal_group(group, true);
                    return Err(SyncError::Cancelled(command_line(args)));
                }
                Ok(Ok(output)) => {
                    return Ok(Output {
                        success: output.status.success(),
                        stdout: output.stdout,
                        stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
                    });
                }
                Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(io_failure(args));
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
        };
        stop_group(group, rx);
        let command = command_line(args);
        Err(match stopped {
            Stop::Cancelled => SyncError::Cancelled(command),
            Stop::TimedOut => SyncError::Timeout {
                command,
                seconds: self.limits.timeout.as_secs(),
            },
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
        // pipe would otherwise block both sides. (It ends when git does: a stopped git
        // closes the pipe.)
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        self.finish(child, args)
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

enum Stop {
    Cancelled,
    TimedOut,
}

/// Puts git in a session of its own: no controlling terminal (nothing it starts can
/// prompt on, or draw over, the TUI's terminal), and a process group of its own,
/// which `stop_group` can stop whole.
fn own_session(command: &mut Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: the closure runs in the child between fork and exec, where only
        // async-signal-safe calls are allowed; `setsid` is a single system call that
        // allocates nothing and takes no lock.
        unsafe {
            command.pre_exec(|| {
                rustix::process::setsid().map_err(io::Error::from)?;
                Ok(())
            });
        }
    }
    #[cfg(not(unix))]
    let _ = command;
}

/// Stops a git whose time is up, and everything it started: SIGTERM to its process
/// group (git then removes its lock files, so the repository is left as a later sync
/// can use it), SIGKILL if it has not ended after `GRACE`. `done` reports when the
/// child has been reaped.
fn stop_group<T>(group: u32, done: &mpsc::Receiver<T>) {
    signal_group(group, false);
    if done.recv_timeout(GRACE).is_ok() {
        // git is gone; what it started may linger without it (ssh): kill those.
        signal_group(group, true);
        return;
    }
    signal_group(group, true);
    let _ = done.recv_timeout(GRACE);
}

/// SIGTERM (or SIGKILL) to a process group.
fn signal_group(group: u32, kill: bool) {
    #[cfg(unix)]
    {
        use rustix::process::{Pid, Signal, kill_process_group};
        if let Some(pid) = i32::try_from(group).ok().and_then(Pid::from_raw) {
            let signal = if kill { Signal::KILL } else { Signal::TERM };
            let _ = kill_process_group(pid, signal);
        }
    }
    #[cfg(not(unix))]
    let _ = (group, kill);
}

/// The `GIT_SSH_COMMAND` that makes ssh run in batch mode (never ask for a password,
/// a passphrase or a host key), keeping the user's choice of ssh: their
/// `GIT_SSH_COMMAND`, else `core.sshCommand`, else plain `ssh`. `None` leaves git's
/// own choice alone: a command that is not ssh itself (a wrapper script), or
/// `GIT_SSH` (a program git calls with its own arguments). Those still cannot prompt:
/// git runs without a terminal.
pub fn batch_ssh(
    env_command: Option<&str>,
    git_ssh: bool,
    configured: Option<&str>,
) -> Option<String> {
    let chosen = match (env_command, git_ssh, configured) {
        (Some(command), _, _) => command,
        (None, true, _) => return None,
        (None, false, Some(command)) if !command.trim().is_empty() => command,
        _ => "ssh",
    };
    let command = chosen.trim();
    let (program, rest) = command
        .split_once(char::is_whitespace)
        .unwrap_or((command, ""));
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    if !matches!(name, "ssh" | "ssh.exe") {
        return None;
    }
    // First on the line: for ssh the first value of an option wins.
    let rest = rest.trim_start();
    Some(if rest.is_empty() {
        format!("{program} -o BatchMode=yes")
    } else {
        format!("{program} -o BatchMode=yes {rest}")
    })
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
    fn ssh_runs_in_batch_mode_with_the_users_own_ssh() {
        let batch = |env, git_ssh, configured| batch_ssh(env, git_ssh, configured);
        assert_eq!(
            batch(None, false, None).as_deref(),
            Some("ssh -o BatchMode=yes")
        );
        assert_eq!(
            batch(Some("ssh -i ~/.ssh/deploy"), false, Some("ssh -v")).as_deref(),
            Some("ssh -o BatchMode=yes -i ~/.ssh/deploy")
        );
        assert_eq!(
            batch(None, false, Some("/usr/bin/ssh -p 2222")).as_deref(),
            Some("/usr/bin/ssh -o BatchMode=yes -p 2222")
        );
        assert_eq!(batch(Some("my-wrapper --x"), false, None), None);
        assert_eq!(
            batch(None, true, Some("ssh")),
            None,
            "GIT_SSH is the user's"
        );
        assert_eq!(
            batch(Some("ssh -o BatchMode=no"), false, None).as_deref(),
            Some("ssh -o BatchMode=yes -o BatchMode=no"),
            "batch mode comes first, so it wins"
        );
    }

    #[test]
    fn keeps_the_end_of_git_messages_without_hints() {
        let text = "hint: one\nerror: a\n\nhint: two\nfatal: b\n";
        assert_eq!(last_lines(text, 3), "error: a / fatal: b");
        assert_eq!(last_lines("", 3), "");
    }
}
