//! The terminal runtime: read the user's config and keys, create the starter board
//! on first use, set the terminal up (and always put it back), run the event loop,
//! and perform the app's effects — file work on the storage thread, git on its own
//! thread, `$EDITOR` with the terminal suspended, opening another board.
//!
//! Nothing fails silently: a panic of the storage thread or of git becomes an error
//! the user sees, SIGTERM, SIGINT, SIGHUP and SIGQUIT end the program like `q` does
//! (the storage thread writes what it was handed, the terminal is restored).

pub mod boards;
pub mod editor;
pub mod effects;
mod event_loop;
mod session;
pub mod storage;
pub mod terminal;
mod wake;

pub use editor::{edit_in_editor, editor_command};

use crate::app::{Action, App, Env, SyncFailure};
use crate::keymap::KeyMap;
use crate::model::Timestamp;
use crate::store::Store;
use crate::store::template::{self, Template};
use crate::store::user::{self, Config};
use crate::ui::theme::Theme;
use session::Session;
use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Instant, SystemTime};
use terminal::TerminalGuard;
use wake::{Inbox, Msg, Outbox};

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Quit,
    Signal(i32),
}

pub fn run(board_dir: &Path) -> ExitCode {
    match run_board(board_dir) {
        Ok(Exit::Quit) => ExitCode::SUCCESS,
        // The shell's convention for "ended by a signal".
        Ok(Exit::Signal(signal)) => ExitCode::from((128 + signal).clamp(0, 255) as u8),
        Err(message) => {
            // Not eprintln!: a terminal that is gone must not turn this into a panic.
            let _ = writeln!(io::stderr(), "mlboard: {message}");
            ExitCode::FAILURE
        }
    }
}

fn now() -> Timestamp {
    Timestamp::from_system_time(SystemTime::now())
}

/// Creates the MLOps starter board when the directory holds no board yet. A folder
/// that already has cards (a board whose `board.ron` was lost) only gets the settings
/// file: starter cards would be mixed into someone's work.
pub fn ensure_board(dir: &Path) -> Result<bool, String> {
    if Store::exists(dir) {
        return Ok(false);
    }
    let template = if dir.join("cards").is_dir() {
        Template::Empty
    } else {
        Template::Mlops
    };
    let mut rng = fastrand::Rng::new();
    let (settings, cards) = template::starter(template, None, now(), &mut rng);
    Store::init(dir, &settings, &cards).map_err(|e| e.to_string())?;
    Ok(true)
}

/// The user's settings and keys, and what to tell the user about them (a broken
/// file is said with its `path:line:column`, and the defaults apply).
pub fn load_settings() -> (Config, KeyMap, Vec<String>) {
    let mut notes = Vec::new();
    let config = user::load_config().unwrap_or_else(|message| {
        notes.push(format!("Using the default settings: {message}"));
        Config::default()
    });
    let keymap = match user::keys_file() {
        Ok(None) => KeyMap::default(),
        Err(message) => {
            notes.push(format!("Using the default keys: {message}"));
            KeyMap::default()
        }
        Ok(Some((path, text))) => match KeyMap::with_user_file(&text) {
            Ok((keymap, taken)) => {
                if !taken.is_empty() {
                    notes.push(format!("{}: {}", path.display(), taken.join("; ")));
                }
                keymap
            }
            Err(e) => {
                notes.push(format!("Using the default keys: {}:{e}", path.display()));
                KeyMap::default()
            }
        },
    };
    (config, keymap, notes)
}

/// Everything the event loop works with.
pub(crate) struct Runtime {
    guard: TerminalGuard,
    outbox: Outbox,
    inbox: Inbox,
    /// Messages read while switching boards, handled next.
    pending: VecDeque<Msg>,
    session: Session,
    next_session: u64,
    /// The watcher and the start-up thread run once the session's first frame is up.
    session_started: bool,
    config: Config,
    theme: Theme,
    /// Mouse events are stamped from here (for double clicks).
    started: Instant,
    /// Stops the running sync's git commands (and their ssh) when mlboard quits or
    /// switches board, so none outlives it.
    sync_cancel: Option<crate::sync::Cancel>,
}

fn run_board(dir: &Path) -> Result<Exit, String> {
    use std::io::IsTerminal;
    // Checked before anything is created: a script that runs plain `mlboard` gets a
    // clear message instead of a new board and a broken terminal.
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(
            "the board needs a terminal; in scripts use the subcommands (`mlboard list`, `mlboard --help`)"
                .to_string(),
        );
    }
    let (config, keymap, mut notes) = load_settings();
    let created = ensure_board(dir)?;
    let (outbox, inbox) = wake::channel().map_err(|e| format!("cannot start: {e}"))?;
    // Signals are caught before the terminal changes, so none can leave it raw.
    signals::watch(outbox.clone()).map_err(|e| format!("cannot handle signals: {e}"))?;
    let (session, board, problems, read_only) = Session::open(dir, 1, &outbox)?;
    let guard = TerminalGuard::enter(config.mouse)
        .map_err(|e| format!("cannot set up the terminal: {e}"))?;
    terminal::install_panic_hook();
    let size = guard.terminal.size().map_err(|e| e.to_string())?;
    let mut app = App::new(
        board,
        problems,
        read_only,
        dir.to_path_buf(),
        (size.width, size.height),
        env_for(&config, dir),
    );
    app.keymap = keymap;
    // What the user should know at start: a broken or overriding settings file
    // first (a warning), the new starter board otherwise.
    if created {
        let help = app
            .keymap
            .label(crate::keymap::Mode::Board, crate::keymap::Command::Help);
        notes.push(format!(
            "Created the MLOps starter board in {} — {help} shows every key",
            dir.display()
        ));
    }
    match notes.len() {
        0 => {}
        1 if created => app.info(notes.join("")),
        _ => app.warn(notes.join(" · ")),
    }
    #[cfg(not(unix))]
    input::spawn(outbox.clone());
    let mut runtime = Runtime {
        guard,
        outbox,
        inbox,
        pending: VecDeque::new(),
        session,
        next_session: 2,
        session_started: false,
        theme: Theme::from_env(config.theme),
        config,
        started: Instant::now(),
        sync_cancel: None,
    };
    let result = runtime.run_loop(&mut app);
    runtime.shutdown().map_err(|e| e.to_string())?;
    result.map_err(|e| e.to_string())
}

/// The clock, the user's name (resolved on the start-up thread; only a change made
/// before it answers waits for it) and ids.
fn env_for(config: &Config, dir: &Path) -> Env {
    let configured = config.user_name.clone();
    let dir = dir.to_path_buf();
    Env::new(
        now,
        move || user::resolve_user_name(configured.as_deref(), &dir),
        fastrand::Rng::new(),
    )
}

impl Runtime {
    /// After a session's first frame: watch the board, and resolve the user's name
    /// and remember the board on a thread of their own.
    fn start_session(&mut self, app: &mut App) {
        self.session_started = true;
        if let Err(e) = self.session.start_watching() {
            app.warn(format!("Not watching for changes by others: {e}"));
        }
        self.session.refresh_cache();
        let send = self.outbox.for_session(self.session.id);
        let configured = self.config.user_name.clone();
        let dir = self.session.dir.clone();
        let started = std::thread::Builder::new()
            .name("mlboard-start".into())
            .spawn(move || {
                let name = terminal::catch(|| user::resolve_user_name(configured.as_deref(), &dir));
                if let Ok(name) = name {
                    send(Action::UserName(name));
                }
                if let Err(e) = boards::remember(&dir) {
                    send(Action::Warning(format!(
                        "Cannot remember this board for b: {e}"
                    )));
                }
            });
        if let Err(e) = started {
            app.warn(format!("Cannot start a thread: {e}"));
        }
    }

    /// Runs git off the UI thread; progress and the result come back as actions, a
    /// crash of the thread as an error result.
    fn start_sync(&mut self, app: &mut App) {
        let send = self.outbox.for_session(self.session.id);
        let dir = self.session.dir.clone();
        let git_lock = self.session.git_lock.clone();
        let mut limits = crate::sync::Limits::from_config();
        if let Some(seconds) = self.config.sync_timeout_s {
            limits.timeout = std::time::Duration::from_secs(seconds.max(1));
        }
        self.sync_cancel = Some(limits.cancel.clone());
        let started = std::thread::Builder::new()
            .name("mlboard-git".into())
            .spawn(move || {
                let progress_send = send.clone();
                let result = terminal::catch(|| {
                    let _turn = git_lock.lock();
                    let mut progress = move |line: &str| {
                        progress_send(Action::SyncProgress(line.to_string()));
                    };
                    crate::sync::sync_with(&dir, &mut progress, &limits)
                        .map(|report| report.message)
                        .map_err(SyncFailure::from)
                });
                let result = result.unwrap_or_else(|message| {
                    Err(SyncFailure::new(format!("git sync crashed: {message}")))
                });
                send(Action::SyncDone(result));
            });
        if let Err(e) = started {
            app.update(Action::SyncDone(Err(SyncFailure::new(format!(
                "cannot start git: {e}"
            )))));
        }
    }

    /// Closes this board and opens the one in `dir` with a fresh store, worker and
    /// watcher. A directory without a board is refused: nothing is created.
    fn switch_board(&mut self, app: &mut App, dir: &Path) {
        if !Store::exists(dir) {
            app.error(format!(
                "There is no board in {} any more (mlboard does not create it here)",
                dir.display()
            ));
            return;
        }
        let id = self.next_session;
        self.next_session += 1;
        let (session, board, problems, read_only) = match Session::open(dir, id, &self.outbox) {
            Ok(opened) => opened,
            Err(e) => {
                app.error(format!("Cannot open {}: {e}", dir.display()));
                return;
            }
        };
        // A sync of the old board is stopped (it can be resumed there later).
        if let Some(cancel) = self.sync_cancel.take() {
            cancel.cancel();
        }
        let old = std::mem::replace(&mut self.session, session);
        let old_id = old.id;
        let finished = old.close();
        // The old board's last answers (a refused save) still reach its app.
        while let Some(msg) = self.inbox.try_recv() {
            match msg {
                Msg::App { session, action } if session == old_id => app.update(action),
                other => self.pending.push_back(other),
            }
        }
        let mut next = App::new(
            board,
            problems,
            read_only,
            dir.to_path_buf(),
            app.size,
            env_for(&self.config, dir),
        );
        next.keymap = app.keymap.clone();
        let name = next.board.settings.name.clone();
        let mut text = format!("Opened \"{name}\" ({})", dir.display());
        if !finished {
            text.push_str(" — the previous board's last change may not be written");
        }
        match &app.status {
            Some(status) if status.tone != crate::app::Tone::Info => {
                next.warn(format!("{text}; on the previous board: {}", status.text));
            }
            _ if next.read_only.is_none() => next.info(text),
            _ => {}
        }
        *app = next;
        self.session_started = false;
    }

    /// Puts the terminal back, then lets the storage thread write what it was
    /// handed (a change shown as made is on disk before the program ends).
    fn shutdown(self) -> io::Result<()> {
        let Runtime {
            guard,
            session,
            sync_cancel,
            ..
        } = self;
        // No git command (nor its ssh) outlives mlboard.
        if let Some(cancel) = sync_cancel {
            cancel.cancel();
        }
        drop(guard);
        if !session.close() {
            let _ = writeln!(
                io::stderr(),
                "mlboard: the storage thread did not finish in time; its last change may not be written"
            );
        }
        Ok(())
    }
}

#[cfg(unix)]
mod signals {
    use super::wake::{Msg, Outbox};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGWINCH};
    use signal_hook::iterator::Signals;

    /// How long a signal waits for the program to end the normal way (the storage
    /// thread itself waits at most 10 s for its writes) before it is ended anyway:
    /// a UI thread stuck for good (a terminal read that never returns) must not
    /// keep a killed mlboard alive.
    const LAST_RESORT: std::time::Duration = std::time::Duration::from_secs(30);

    /// Turns the signals that end a terminal program (and the resize signal) into
    /// messages for the event loop, so they end it like `q` does.
    pub fn watch(outbox: Outbox) -> std::io::Result<()> {
        let mut signals = Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGWINCH])?;
        std::thread::Builder::new()
            .name("mlboard-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    let sent = outbox.send(Msg::Signal(signal));
                    if signal != SIGWINCH {
                        std::thread::sleep(LAST_RESORT);
                        super::terminal::restore();
                        std::process::exit(128 + signal);
                    }
                    if !sent {
                        break;
                    }
                }
            })?;
        Ok(())
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn watch(_outbox: super::wake::Outbox) -> std::io::Result<()> {
        Ok(())
    }
}

/// Without poll(2), terminal input comes from a thread of its own.
#[cfg(not(unix))]
mod input {
    use super::wake::{Msg, Outbox};

    pub fn spawn(outbox: Outbox) {
        let _ = std::thread::Builder::new()
            .name("mlboard-input".into())
            .spawn(move || {
                while let Ok(event) = crossterm::event::read() {
                    if !outbox.send(Msg::Input(event)) {
                        break;
                    }
                }
            });
    }
}
