//! Shared test support: deterministic boards in temporary directories, and a headless
//! app whose effects run inline through the real storage worker.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use mlboard::app::{Action, App, Env};
use mlboard::model::{Card, Phase, Timestamp};
use mlboard::store::template::{self, Template};
use mlboard::store::{Loaded, Store};
use mlboard::tui::effects::{Route, route};
use mlboard::worker::{Worker, WorkerMsg};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const NOW: i64 = 1_795_698_000; // 2026-11-26T13:00:00Z

pub fn now() -> Timestamp {
    Timestamp::from_unix(NOW)
}

/// A starter board with deterministic ids in `dir`.
pub fn starter_board(dir: &Path) {
    let mut rng = fastrand::Rng::with_seed(42);
    let (settings, cards) = template::starter(Template::Mlops, None, now(), &mut rng);
    Store::init(dir, &settings, &cards).unwrap();
}

pub fn temp_board() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("board");
    starter_board(&dir);
    (tmp, dir)
}

pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Action {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Every board file and its bytes, for before/after comparisons.
pub fn snapshot_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for sub in ["", "cards", "reviews"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_type().unwrap().is_file() {
                let rel = if sub.is_empty() {
                    entry.file_name().to_string_lossy().into_owned()
                } else {
                    format!("{sub}/{}", entry.file_name().to_string_lossy())
                };
                files.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

/// Files whose content differs between two snapshots (added, removed or changed).
pub fn changed_files(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut names: Vec<String> = before.keys().chain(after.keys()).cloned().collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| before.get(n) != after.get(n))
        .collect()
}

/// A headless app: its file effects go through a real `Worker` synchronously.
pub struct Harness {
    pub app: App,
    pub worker: Worker,
    pub dir: PathBuf,
}

impl Harness {
    pub fn open(dir: &Path) -> Harness {
        Harness::open_sized(dir, 160, 45)
    }

    pub fn open_sized(dir: &Path, width: u16, height: u16) -> Harness {
        let Loaded {
            board,
            problems,
            store,
        } = Store::open(dir).unwrap();
        let read_only = store.read_only().map(str::to_string);
        let worker = Worker::new(store, board.settings.autocommit);
        let app = App::new(
            board,
            problems,
            read_only,
            dir.to_path_buf(),
            (width, height),
            Env::fixed(now(), "ann", 7),
        );
        Harness {
            app,
            worker,
            dir: dir.to_path_buf(),
        }
    }

    /// Sends an action and runs the effects it caused, like the runtime does.
    pub fn send(&mut self, action: Action) {
        self.app.update(action);
        self.run_effects();
    }

    pub fn run_effects(&mut self) {
        for effect in self.app.take_effects() {
            let Route::Worker(msg) = route(effect) else {
                continue;
            };
            if let Some(event) = self.worker.handle(msg) {
                self.app.update(Action::Io(event));
            }
        }
    }

    /// Puts a user's key file over the defaults; returns what it reported.
    pub fn with_keys(&mut self, text: &str) -> Vec<String> {
        let (keymap, notes) = mlboard::keymap::KeyMap::with_user_file(text).unwrap();
        self.app.keymap = keymap;
        notes
    }

    /// A mouse event at a cell, at a time (milliseconds) on the runtime's clock.
    pub fn mouse(&mut self, kind: crossterm::event::MouseEventKind, x: u16, y: u16, at_ms: u64) {
        let event = crossterm::event::MouseEvent {
            kind,
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        };
        self.send(Action::Mouse(mlboard::app::MouseInput { event, at_ms }));
    }

    /// A left click (press and release) at a cell.
    pub fn click(&mut self, x: u16, y: u16, at_ms: u64) {
        use crossterm::event::{MouseButton, MouseEventKind};
        self.mouse(MouseEventKind::Down(MouseButton::Left), x, y, at_ms);
        self.mouse(MouseEventKind::Up(MouseButton::Left), x, y, at_ms);
    }

    /// Presses at one cell and drags to another, without letting go.
    pub fn drag(&mut self, from: (u16, u16), to: (u16, u16)) {
        use crossterm::event::{MouseButton, MouseEventKind};
        self.mouse(MouseEventKind::Down(MouseButton::Left), from.0, from.1, 0);
        self.mouse(MouseEventKind::Drag(MouseButton::Left), to.0, to.1, 10);
    }

    pub fn release(&mut self, at: (u16, u16)) {
        use crossterm::event::{MouseButton, MouseEventKind};
        self.mouse(MouseEventKind::Up(MouseButton::Left), at.0, at.1, 20);
    }

    pub fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.send(ch(c));
        }
    }

    /// Tells the worker files changed on disk (what the watcher does).
    pub fn files_changed(&mut self, rels: &[&str]) {
        let msg = WorkerMsg::FilesChanged(rels.iter().map(|s| s.to_string()).collect());
        if let Some(event) = self.worker.handle(msg) {
            self.app.update(Action::Io(event));
        }
    }

    pub fn selected(&self) -> Option<&Card> {
        self.app.selected_card()
    }

    pub fn titles(&self, phase: Phase) -> Vec<String> {
        self.app
            .view
            .column(phase)
            .visible
            .iter()
            .map(|k| self.app.board.card(*k).title.to_string())
            .collect()
    }

    /// The app drawn as it is now, on a test terminal of its size (plain theme).
    pub fn render(&self) -> ratatui::Terminal<ratatui::backend::TestBackend> {
        let (width, height) = self.app.size;
        let backend = ratatui::backend::TestBackend::new(width, height);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        let theme = mlboard::ui::theme::Theme::plain();
        terminal
            .draw(|frame| mlboard::ui::draw(frame, &self.app, &theme))
            .unwrap();
        terminal
    }

    /// What the user sees now, as text.
    pub fn screen(&self) -> String {
        self.render().backend().to_string()
    }

    pub fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map_or_else(String::new, |s| s.text.clone())
    }
}
