//! The terminal runtime: set the terminal up and always put it back (on quit, on
//! error, on panic), create the starter board on first use, run the event loop, and
//! perform the app's effects — file work on the storage thread, git on its own
//! thread, `$EDITOR` with the terminal suspended.

pub mod effects;

use crate::app::{Action, App, Env};
use crate::model::{CardId, Timestamp};
use crate::store::template::{self, Template};
use crate::store::{Store, watch};
use crate::ui::{self, theme::Theme};
use crate::worker::{self, Worker, WorkerMsg};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use effects::Route;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, SystemTime};

type Term = Terminal<CrosstermBackend<Stdout>>;

/// How long the loop waits for a key before looking at background results.
const TICK: Duration = Duration::from_millis(50);
/// Keys handled before a redraw when many arrive at once (a paste, a held key).
const MAX_BATCH: usize = 64;

pub fn run(board_dir: &Path) -> ExitCode {
    match run_board(board_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("mlboard: {message}");
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

/// The default keys with the user's `keys.ron` over them, and what to tell the user.
fn load_keymap() -> (crate::keymap::KeyMap, Option<String>) {
    let defaults = crate::keymap::KeyMap::default();
    match crate::store::user::keys_file() {
        Ok(None) => (defaults, None),
        Err(message) => (defaults, Some(format!("Using the default keys: {message}"))),
        Ok(Some((path, text))) => match crate::keymap::KeyMap::with_user_file(&text) {
            Ok((keymap, notes)) if notes.is_empty() => (keymap, None),
            Ok((keymap, notes)) => {
                let note = format!("{}: {}", path.display(), notes.join("; "));
                (keymap, Some(note))
            }
            Err(e) => (
                defaults,
                Some(format!("Using the default keys: {}:{e}", path.display())),
            ),
        },
    }
}

fn run_board(dir: &Path) -> Result<(), String> {
    use std::io::IsTerminal;
    // Checked before anything is created: a script that runs plain `mlboard` gets a
    // clear message instead of a new board and a broken terminal.
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(
            "the board needs a terminal; in scripts use the subcommands (`mlboard list`, `mlboard --help`)"
                .to_string(),
        );
    }
    let created = ensure_board(dir)?;
    let loaded = Store::open(dir).map_err(|e| e.to_string())?;
    let (actions_tx, actions_rx) = mpsc::channel::<Action>();
    let (worker_tx, worker_rx) = mpsc::channel::<WorkerMsg>();
    let read_only = loaded.store.read_only().map(str::to_string);
    let autocommit = loaded.board.settings.autocommit;
    let git_lock = worker::GitLock::default();
    let worker = Worker::new(loaded.store, autocommit).with_git_lock(git_lock.clone());
    worker::spawn(worker, worker_rx, actions_tx.clone());
    let mut terminal = enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    install_panic_hook();
    let size = terminal.size().map_err(|e| e.to_string())?;
    let user_dir = dir.to_path_buf();
    let env = Env::new(
        now,
        move || crate::store::user::user_name(&user_dir),
        fastrand::Rng::new(),
    );
    let mut app = App::new(
        loaded.board,
        loaded.problems,
        read_only,
        dir.to_path_buf(),
        (size.width, size.height),
        env,
    );
    let (keymap, note) = load_keymap();
    app.keymap = keymap;
    if let Some(note) = note {
        app.warn(note);
    }
    if created {
        app.info(format!(
            "Created the MLOps starter board in {} — ? shows every key",
            dir.display()
        ));
    }
    let mut channels = Channels {
        actions_tx,
        actions_rx,
        worker_tx,
        board_dir: dir.to_path_buf(),
        git_lock,
        watching: None,
        watch_started: false,
    };
    let result = event_loop(&mut terminal, &mut app, &mut channels);
    leave(&mut terminal);
    result.map_err(|e| e.to_string())
}

struct Channels {
    actions_tx: Sender<Action>,
    actions_rx: Receiver<Action>,
    worker_tx: Sender<WorkerMsg>,
    board_dir: PathBuf,
    git_lock: worker::GitLock,
    /// Started after the first frame, so the board shows without waiting for it.
    /// A change made in between is not lost: the store still refuses to overwrite it.
    watching: Option<watch::WatchGuard>,
    watch_started: bool,
}

impl Channels {
    fn start_watching(&mut self, app: &mut App) {
        self.watch_started = true;
        let tx = self.worker_tx.clone();
        match watch::watch(&self.board_dir, move |rels| {
            let _ = tx.send(WorkerMsg::FilesChanged(rels));
        }) {
            Ok(guard) => self.watching = Some(guard),
            Err(e) => app.warn(format!("Not watching for changes by others: {e}")),
        }
    }
}

fn event_loop(terminal: &mut Term, app: &mut App, channels: &mut Channels) -> io::Result<()> {
    let theme = Theme::from_env(Default::default());
    let mut dirty = true;
    while app.running {
        if dirty {
            terminal.draw(|frame| ui::draw(frame, app, &theme))?;
            dirty = false;
        }
        if !channels.watch_started {
            channels.start_watching(app);
            dirty |= app.status.is_some();
        }
        let mut handled = 0;
        let mut wait = TICK;
        while handled < MAX_BATCH && event::poll(wait)? {
            if let Some(action) = to_action(event::read()?) {
                app.update(action);
                dirty = true;
            }
            handled += 1;
            wait = Duration::ZERO;
            perform_effects(terminal, app, channels)?;
        }
        while let Ok(action) = channels.actions_rx.try_recv() {
            app.update(action);
            dirty = true;
        }
        perform_effects(terminal, app, channels)?;
    }
    Ok(())
}

fn to_action(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => Some(Action::Key(key)),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        _ => None,
    }
}

fn perform_effects(terminal: &mut Term, app: &mut App, channels: &Channels) -> io::Result<()> {
    for effect in app.take_effects() {
        match effects::route(effect) {
            Route::Worker(msg) => send(channels, msg),
            Route::Sync => start_sync(channels),
            Route::ListBoards | Route::SwitchBoard(_) => {}
            Route::Editor { card, text } => {
                let result = with_terminal_suspended(terminal, || edit_in_editor(&card, &text))?;
                app.update(Action::EditorDone { card, result });
            }
        }
    }
    Ok(())
}

fn send(channels: &Channels, msg: WorkerMsg) {
    // The storage thread only stops when the app does.
    let _ = channels.worker_tx.send(msg);
}

/// Runs git off the UI thread; progress and the result come back as actions.
fn start_sync(channels: &Channels) {
    let tx = channels.actions_tx.clone();
    let dir = channels.board_dir.clone();
    let git_lock = channels.git_lock.clone();
    std::thread::spawn(move || {
        let _turn = git_lock.lock();
        let progress_tx = tx.clone();
        let mut progress = move |line: &str| {
            let _ = progress_tx.send(Action::SyncProgress(line.to_string()));
        };
        let result = crate::sync::sync(&dir, &mut progress)
            .map(|report| report.message)
            .map_err(|e| e.to_string());
        let _ = tx.send(Action::SyncDone(result));
    });
}

fn enter() -> io::Result<Term> {
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())
}

/// Puts the terminal back: main screen, cooked mode, visible cursor. Safe to call
/// more than once and from the panic hook.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

fn leave(terminal: &mut Term) {
    restore();
    let _ = terminal.show_cursor();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Leaves the alternate screen for a child program and comes back with a full redraw.
fn with_terminal_suspended<T>(terminal: &mut Term, f: impl FnOnce() -> T) -> io::Result<T> {
    restore();
    let result = f();
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    terminal.clear()?;
    Ok(result)
}

/// `$VISUAL`, else `$EDITOR`, else `vi`, split into a program and its arguments
/// (run directly, never through a shell).
pub fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Edits text in the user's editor. `Ok(None)` when it comes back unchanged.
pub fn edit_in_editor(card: &CardId, text: &str) -> Result<Option<String>, String> {
    let command = editor_command();
    let (program, args) = command.split_first().ok_or("no editor configured")?;
    let file = tempfile::Builder::new()
        .prefix(&format!("mlboard-{card}-"))
        .suffix(".md")
        .tempfile()
        .map_err(|e| format!("cannot create a temporary file: {e}"))?;
    std::fs::write(file.path(), text).map_err(|e| e.to_string())?;
    let status = std::process::Command::new(program)
        .args(args)
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "{program} exited with {status}; the description is unchanged"
        ));
    }
    let edited = std::fs::read_to_string(file.path()).map_err(|e| e.to_string())?;
    // Editors end files with a newline; the description did not have one.
    let edited = match edited.strip_suffix('\n') {
        Some(stripped) if !text.ends_with('\n') => stripped.to_string(),
        _ => edited,
    };
    Ok((edited != text).then_some(edited))
}
