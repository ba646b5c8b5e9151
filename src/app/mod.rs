//! The application layer (The Elm Architecture): `App` is the state, `Action`s come
//! in through `App::update`, and work that touches the world (files, git, `$EDITOR`)
//! goes out as `Effect`s for the runtime to perform. Nothing here draws.

mod action;
mod board_commands;
pub mod fields;
pub mod forms;
mod io;
pub mod layout;
pub mod popup;
mod popup_keys;
pub mod view;

pub use action::{Action, Effect, IoEvent};

use crate::model::search::Searcher;
use crate::model::{Board, CardId, CardKey, Timestamp};
use crate::store::{Change, FileOp, Problem};
use popup::Popup;
use std::path::PathBuf;
use view::BoardView;

/// How a status message reads: information, a warning, or an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

/// The world as the app sees it: the clock, the user's name, randomness for ids.
/// Passed in so tests and benchmarks are deterministic.
pub struct Env {
    pub now: Box<dyn Fn() -> Timestamp + Send>,
    user: Option<String>,
    /// Resolves the user's name on first use: it may run `git config`, which the
    /// first frame should not wait for.
    resolve_user: Option<Box<dyn FnOnce() -> String + Send>>,
    pub rng: fastrand::Rng,
}

impl Env {
    pub fn new(
        now: impl Fn() -> Timestamp + Send + 'static,
        user: impl FnOnce() -> String + Send + 'static,
        rng: fastrand::Rng,
    ) -> Env {
        Env {
            now: Box::new(now),
            user: None,
            resolve_user: Some(Box::new(user)),
            rng,
        }
    }

    /// A fixed clock, user and seed, for tests and benchmarks.
    pub fn fixed(now: Timestamp, user: &str, seed: u64) -> Env {
        Env {
            now: Box::new(move || now),
            user: Some(user.to_string()),
            resolve_user: None,
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    pub fn user(&mut self) -> &str {
        if self.user.is_none() {
            let name = self
                .resolve_user
                .take()
                .map_or_else(String::new, |resolve| resolve());
            self.user = Some(name);
        }
        self.user.as_deref().unwrap_or_default()
    }
}

pub struct App {
    pub board: Board,
    pub problems: Vec<Problem>,
    /// Why changes are refused, when the board is read-only.
    pub read_only: Option<String>,
    pub board_dir: PathBuf,
    pub view: BoardView,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    pub size: (u16, u16),
    pub running: bool,
    pub syncing: bool,
    pub searcher: Searcher,
    pub keymap: crate::keymap::KeyMap,
    pub env: Env,
    effects: Vec<Effect>,
}

impl App {
    pub fn new(
        board: Board,
        problems: Vec<Problem>,
        read_only: Option<String>,
        board_dir: PathBuf,
        size: (u16, u16),
        env: Env,
    ) -> App {
        let banner = !problems.is_empty() || read_only.is_some();
        let view = BoardView::new(&board, layout::cards_per_page(size.1, banner));
        let mut app = App {
            board,
            problems,
            read_only,
            board_dir,
            view,
            popup: None,
            status: None,
            size,
            running: true,
            syncing: false,
            searcher: Searcher::new(),
            keymap: crate::keymap::KeyMap::default(),
            env,
            effects: Vec::new(),
        };
        if let Some(reason) = app.read_only.clone() {
            app.warn(reason);
        }
        app
    }

    /// The effects `update` asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    pub fn has_banner(&self) -> bool {
        !self.problems.is_empty() || self.read_only.is_some()
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Key(key) => {
                // Only presses: terminals that report releases would act twice.
                if key.kind == crossterm::event::KeyEventKind::Press {
                    self.on_key(key);
                }
            }
            Action::Paste(text) => self.on_paste(&text),
            Action::Resize(width, height) => {
                self.size = (width, height);
                self.refresh_page();
            }
            Action::Io(event) => self.on_io(event),
            Action::EditorDone { card, result } => self.on_editor_done(card, result),
            Action::SyncProgress(text) => self.info(text),
            Action::SyncDone(result) => {
                self.syncing = false;
                match result {
                    Ok(text) => self.info(text),
                    Err(text) => self.error(text),
                }
            }
        }
    }

    fn refresh_page(&mut self) {
        let page = layout::cards_per_page(self.size.1, self.has_banner());
        self.view.set_page(page);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Info,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Warning,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone: Tone::Error,
        });
    }

    pub fn selected_card(&self) -> Option<&crate::model::Card> {
        self.view.selected().map(|k| self.board.card(k))
    }

    fn now(&self) -> Timestamp {
        (self.env.now)()
    }

    /// Refuses a change on a read-only board, saying why.
    fn writable(&mut self) -> bool {
        match self.read_only.clone() {
            Some(reason) => {
                self.error(format!("read-only: {reason}"));
                false
            }
            None => true,
        }
    }

    /// Shows a changed card at once and asks the runtime to save it. If the save is
    /// refused (someone changed the file), the worker's reload puts the truth back.
    fn save_card(&mut self, card: crate::model::Card, label: String) -> CardKey {
        let old_phase = self.board.card_by_id(&card.id).map(|c| c.phase);
        let op = FileOp::write_card(&card);
        let phase = card.phase;
        let key = self.board.upsert(card);
        // the search index catches up on this one card at its next search
        self.searcher.card_changed(key);
        self.refresh_columns(old_phase.into_iter().chain([phase]));
        self.effects.push(Effect::Save(Change {
            label,
            ops: vec![op],
        }));
        key
    }

    fn delete_card(&mut self, id: &CardId, label: String) {
        if let Some(key) = self.board.key_of(id)
            && let Some(card) = self.board.remove(id)
        {
            self.searcher.card_changed(key);
            self.refresh_columns([card.phase]);
            self.effects.push(Effect::Save(Change {
                label,
                ops: vec![FileOp::delete_card(id)],
            }));
        }
    }

    /// Keeps the visible columns in step with the board.
    fn refresh_columns(&mut self, phases: impl IntoIterator<Item = crate::model::Phase>) {
        let mut done = [false; 3];
        for phase in phases {
            if !std::mem::replace(&mut done[phase.index()], true) {
                self.view.rebuild(&self.board, phase);
            }
        }
    }
}
