//! The application layer (The Elm Architecture): `App` is the state, `Action`s come
//! in through `App::update`, and work that touches the world (files, git, `$EDITOR`)
//! goes out as `Effect`s for the runtime to perform. Nothing here draws.

mod action;
mod board_commands;
pub mod card_form;
mod failure;
pub mod fields;
pub mod form;
mod input;
mod io;
pub mod layout;
pub mod messages;
pub mod mouse;
pub mod pickers;
pub mod popup;
pub mod review_form;
pub mod scroll;
pub mod search_popup;
mod sync_outcome;
pub mod view;

pub use action::{Action, Effect, IoEvent, MouseInput, SyncConflict, SyncFailure};

use crate::model::search::Searcher;
use crate::model::{Board, CardId, CardKey, Timestamp};
use crate::store::{Basis, Change, FileOp, Problem};
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
    /// Resolves the user's name if a change needs it before the runtime's start-up
    /// thread has sent it (`Action::UserName`): it may run `git config`, which
    /// neither the first frame nor a keystroke should wait for.
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

    /// The name resolved off the keystroke path (the runtime's start-up thread).
    pub fn set_user(&mut self, name: String) {
        self.user = Some(name);
        self.resolve_user = None;
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
    /// Set when the board is read-only because of its `board.ron` (which can end).
    settings_lock: Option<crate::store::SettingsLock>,
    pub board_dir: PathBuf,
    pub view: BoardView,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    /// Every message of this session (`m`), whole.
    pub messages: messages::Messages,
    /// The status line holds the outcome of a sync until the next key.
    status_held: bool,
    /// The card view a form or picker was opened from (`r` `e` `t` inside it), and
    /// where it was scrolled: it comes back when that popup closes.
    card_view_under: Option<(CardId, scroll::Scroll)>,
    pub size: (u16, u16),
    pub running: bool,
    pub syncing: bool,
    pub searcher: Searcher,
    pub keymap: crate::keymap::KeyMap,
    pub env: Env,
    effects: Vec<Effect>,
    /// Changes handed to the storage worker and not answered yet, oldest first.
    in_flight: std::collections::VecDeque<String>,
    /// The storage worker failed: the board is read-only for good.
    saving_stopped: bool,
    /// A card being dragged with the mouse (drawn with its drop marker).
    pub drag: Option<mouse::Drag>,
    /// The last click on a card, for double clicks.
    last_click: Option<(CardKey, u64)>,
    /// The version of the latest file update applied to the board: what every change
    /// is made on (`Basis::Seen`), so a save never passes against a version of a file
    /// the user has not seen yet.
    storage_seen: u64,
    /// A card being edited in a form, a picker or `$EDITOR`, and what its edit was
    /// begun on: a version of the card that changes meanwhile refuses the edit.
    edit_basis: Option<(CardId, u64)>,
    /// Saves sent and not yet answered, and the card the latest one changed: while it
    /// is in flight, a reload that moves that card takes the selection along (the
    /// selection followed the user's own move; a refusal puts the card back).
    saves_in_flight: usize,
    last_saved: Option<CardId>,
    /// What to do when the worker answers each save in flight, oldest first.
    after_save: std::collections::VecDeque<AfterSave>,
}

/// What a save means to the user once the storage worker answers it: the message
/// that says it is saved (never shown before it is), and the form to re-open with
/// the user's text if it is refused.
#[derive(Debug, Clone, Default)]
pub(crate) struct AfterSave {
    pub saved: Option<String>,
    pub recover: Option<card_form::Recovery>,
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
        let settings_lock = crate::store::SettingsLock::of(read_only.as_deref(), &board.settings);
        let mut app = App {
            board,
            problems,
            read_only,
            settings_lock,
            board_dir,
            view,
            popup: None,
            status: None,
            messages: Default::default(),
            status_held: false,
            card_view_under: None,
            size,
            running: true,
            syncing: false,
            searcher: Searcher::new(),
            keymap: crate::keymap::KeyMap::default(),
            env,
            effects: Vec::new(),
            in_flight: Default::default(),
            saving_stopped: false,
            drag: None,
            last_click: None,
            storage_seen: 0,
            edit_basis: None,
            saves_in_flight: 0,
            last_saved: None,
            after_save: Default::default(),
        };
        if let Some(reason) = app.read_only.clone() {
            app.warn(reason);
        }
        app
    }

    /// The effects `update` asked for since the last call. The storage worker's
    /// answers to them are counted, so a worker that dies is known to have left
    /// changes unsaved.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        let effects = std::mem::take(&mut self.effects);
        for effect in &effects {
            if let Some(label) = failure::request_label(effect) {
                self.in_flight.push_back(label);
            }
        }
        effects
    }

    /// Whether effects are waiting for `take_effects`.
    pub fn has_effects(&self) -> bool {
        !self.effects.is_empty()
    }

    pub fn has_banner(&self) -> bool {
        !self.problems.is_empty() || self.read_only.is_some()
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Key(key) => {
                if key.kind == crossterm::event::KeyEventKind::Press {
                    self.release_status();
                }
                self.on_key(key)
            }
            Action::Command(command) => self.on_command(command),
            Action::Type(c) => self.on_type(c),
            Action::Paste(text) => self.on_paste(&text),
            Action::Resize(width, height) => {
                self.size = (width, height);
                self.refresh_page();
            }
            Action::Io(event) => {
                self.answered(&event);
                self.on_io(event)
            }
            Action::EditorDone { card, result } => self.on_editor_done(card, result),
            Action::SyncProgress(text) => self.info(text),
            Action::SyncDone(result) => self.on_sync_done(result),
            Action::Mouse(input) => {
                if mouse::is_press(&input) {
                    self.release_status();
                }
                self.on_mouse(input)
            }
            Action::UserName(name) => self.env.set_user(name),
            Action::Warning(text) => self.warn(text),
            Action::Boards(list) => self.popup = Some(popup::Popup::Boards(list)),
            Action::WorkerFailed(message) => self.on_worker_failed(&message),
        }
        self.fit_popup();
    }

    /// Gives the open popup its viewport and content sizes for the screen as it is
    /// now (after a key, a resize, new content) and clamps its scroll to them.
    fn fit_popup(&mut self) {
        if self.popup.is_none() {
            return;
        }
        let extent = crate::ui::popup_extent(self);
        if let (Some(popup), Some(extent)) = (&mut self.popup, extent) {
            popup.fit(extent);
        }
    }

    fn refresh_page(&mut self) {
        let page = layout::cards_per_page(self.size.1, self.has_banner());
        self.view.set_page(page);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.say(text.into(), Tone::Info);
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.say(text.into(), Tone::Warning);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say(text.into(), Tone::Error);
    }

    pub fn selected_card(&self) -> Option<&crate::model::Card> {
        self.view.selected().map(|k| self.board.card(k))
    }

    fn now(&self) -> Timestamp {
        (self.env.now)()
    }

    /// Today (UTC), from the app's clock: what due dates are measured against.
    pub fn today(&self) -> crate::model::Date {
        crate::model::Date::of(self.now())
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
        self.save_card_then(card, label, AfterSave::default())
    }

    /// `save_card`, with what to say once it is saved and what to do if it is refused.
    fn save_card_then(
        &mut self,
        card: crate::model::Card,
        label: String,
        after: AfterSave,
    ) -> CardKey {
        let old_phase = self.board.card_by_id(&card.id).map(|c| c.phase);
        let op = FileOp::write_card(&card);
        let basis = match &self.edit_basis {
            Some((id, basis)) if *id == card.id => *basis,
            _ => self.storage_seen,
        };
        let phase = card.phase;
        let key = self.board.upsert(card);
        self.last_saved = Some(self.board.card(key).id.clone());
        // the search index catches up on this one card at its next search
        self.searcher.card_changed(key);
        self.refresh_columns(old_phase.into_iter().chain([phase]));
        self.push_save_then(
            Change {
                label,
                ops: vec![op],
                basis: Basis::Seen(basis),
            },
            after,
        );
        key
    }

    /// Deletes a card and its reviews as one change; returns how many reviews went.
    fn delete_card(&mut self, id: &CardId, label: String) -> usize {
        let key = self.board.key_of(id);
        let Some((card, reviews)) = self.board.remove_with_reviews(id) else {
            return 0;
        };
        if let Some(key) = key {
            self.searcher.card_changed(key);
        }
        self.refresh_columns([card.phase]);
        self.save(label, FileOp::delete_card_and_reviews(id, &reviews));
        reviews.len()
    }

    /// Asks the runtime to save a change made on the board as it is now.
    fn save(&mut self, label: String, ops: Vec<FileOp>) {
        self.push_save(Change {
            label,
            ops,
            basis: Basis::Seen(self.storage_seen),
        });
    }

    fn push_save(&mut self, change: Change) {
        self.push_save_then(change, AfterSave::default());
    }

    fn push_save_then(&mut self, change: Change, after: AfterSave) {
        self.saves_in_flight += 1;
        self.after_save.push_back(after);
        self.effects.push(Effect::Save(change));
    }

    /// Notes that an edit of `card` begins (a form, a picker, `$EDITOR`): its saves are
    /// made on the card as it is now, however long the edit takes, until `end_edit`.
    fn begin_edit(&mut self, card: &CardId) {
        self.edit_basis = Some((card.clone(), self.storage_seen));
    }

    fn end_edit(&mut self) {
        self.edit_basis = None;
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
