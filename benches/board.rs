//! SPEC §6 benchmarks on generated boards of 1,000, 10,000 and 100,000 cards.
//!
//! Run with `cargo bench --bench board` (release build). Boards are generated once
//! into `target/bench-boards/<n>/` (see `support/mod.rs`) and read warm from the page
//! cache, as they are when a user opens the same board twice.
//!
//! - `open_to_first_frame`: what `tui::run_board` does before its first frame —
//!   `Store::open`, `App::new`, one `ui::draw` on a 160×45 `TestBackend`.
//! - `start_watcher`: the file watcher `tui::run_board` also starts before its first
//!   frame (recursive inotify watch of the board directory).
//! - `keystroke_select`: `j` (or `g` at the bottom of the column) plus a frame, on an
//!   open board.
//! - `keystroke_move`: `L` (move to the next phase) plus a frame, each time on a
//!   freshly opened board, so every move takes a card that has not moved before and
//!   no card's history grows from one iteration to the next. The queued save is taken
//!   off the app, as the event loop hands it to the storage thread.
//! - `disk_write_of_move`: that storage thread's work for one move: `Store::apply` of
//!   one card file (checked, atomic: temporary file, fsync, rename, directory fsync).

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use mlboard::app::{Action, App, Env};
use mlboard::model::{Board, Phase, Timestamp};
use mlboard::store::{Change, FileOp, Problem, Store};
use mlboard::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 45;

fn main() {
    // Generate (or find) every board before any timing starts.
    for n in support::SIZES {
        support::board(n);
    }
    divan::main();
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn shifted(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT))
}

fn env() -> Env {
    Env::fixed(Timestamp::from_unix(support::NOW), "bench", 7)
}

fn theme() -> Theme {
    Theme::new(mlboard::ui::theme::ThemeName::Dark, false)
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

fn app(board: Board, problems: Vec<Problem>, read_only: Option<String>, dir: &Path) -> App {
    App::new(
        board,
        problems,
        read_only,
        dir.to_path_buf(),
        (WIDTH, HEIGHT),
        env(),
    )
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App, theme: &Theme) {
    terminal
        .draw(|frame| ui::draw(frame, app, theme))
        .expect("draw");
}

/// An open board and a terminal that has drawn its first frame.
fn open(dir: &Path) -> (App, Terminal<TestBackend>) {
    let loaded = Store::open(dir).expect("open the bench board");
    let read_only = loaded.store.read_only().map(str::to_string);
    let app = app(loaded.board, loaded.problems, read_only, dir);
    let mut terminal = terminal();
    draw(&mut terminal, &app, &theme());
    (app, terminal)
}

#[divan::bench(args = support::SIZES, sample_count = 30, sample_size = 1)]
fn open_to_first_frame(bencher: Bencher, n: usize) {
    let dir = support::board(n);
    let theme = theme();
    // Everything is returned so that dropping the board is not timed: the binary
    // keeps it until it quits.
    bencher.bench_local(|| {
        let loaded = Store::open(&dir).expect("open the bench board");
        let read_only = loaded.store.read_only().map(str::to_string);
        let app = app(loaded.board, loaded.problems, read_only, &dir);
        let mut terminal = terminal();
        draw(&mut terminal, &app, &theme);
        (app, loaded.store, terminal)
    });
}

#[divan::bench(args = support::SIZES, sample_count = 30, sample_size = 1)]
fn start_watcher(bencher: Bencher, n: usize) {
    let dir = support::board(n);
    // One watcher alive at a time (sample_size = 1): inotify instances are limited.
    bencher.bench_local(|| mlboard::store::watch::watch(&dir, |_| {}).expect("watch"));
}

#[divan::bench(args = support::SIZES)]
fn keystroke_select(bencher: Bencher, n: usize) {
    let dir = support::board(n);
    let theme = theme();
    let (mut app, mut terminal) = open(&dir);
    let down = key(KeyCode::Char('j'));
    let top = key(KeyCode::Char('g'));
    let before = app.view.selected();
    app.update(down.clone());
    assert_ne!(app.view.selected(), before, "j selects the next card");
    bencher.bench_local(|| {
        let column = app.view.focused();
        let at_bottom = column.selected + 1 >= column.visible.len();
        app.update(if at_bottom { top.clone() } else { down.clone() });
        draw(&mut terminal, &app, &theme);
    });
}

/// A freshly opened app for one move (built untimed, from a clone of the board).
struct Fresh {
    board: Board,
    problems: Vec<Problem>,
    dir: PathBuf,
}

impl Fresh {
    fn new(dir: PathBuf) -> Fresh {
        let loaded = Store::open(&dir).expect("open the bench board");
        Fresh {
            board: loaded.board,
            problems: loaded.problems,
            dir,
        }
    }

    fn app(&self) -> App {
        app(self.board.clone(), self.problems.clone(), None, &self.dir)
    }
}

#[divan::bench(args = support::SIZES, sample_count = 100, sample_size = 1)]
fn keystroke_move(bencher: Bencher, n: usize) {
    let fresh = Fresh::new(support::board(n));
    let theme = theme();
    let mut terminal = terminal();
    draw(&mut terminal, &fresh.app(), &theme);
    let forward = shifted('L');
    let mut check = fresh.app();
    check.update(forward.clone());
    assert_eq!(check.view.focus, Phase::Development, "L moves the card on");
    assert!(
        matches!(check.take_effects()[..], [mlboard::app::Effect::Save(_)]),
        "a move saves one change"
    );
    bencher.with_inputs(|| fresh.app()).bench_local_refs(|app| {
        app.update(forward.clone());
        // The event loop sends this to the storage thread; see disk_write_of_move.
        let effects = app.take_effects();
        draw(&mut terminal, app, &theme);
        effects
    });
}

#[divan::bench(args = support::SIZES, sample_count = 50, sample_size = 1)]
fn disk_write_of_move(bencher: Bencher, n: usize) {
    let dir = support::board(n);
    let mut loaded = Store::open(&dir).expect("open the bench board");
    let board = &loaded.board;
    let key = board.column(Phase::Design)[0];
    let original = board.card(key).clone();
    let rank = board.rank_at_end(Phase::Development, key).unwrap();
    let moved = original.moved(
        Phase::Development,
        rank,
        Timestamp::from_unix(support::NOW),
        "bench",
        true,
    );
    let change = |card| Change::new("bench".to_string(), vec![FileOp::write_card(card)]);
    // Alternate the card between its two phases, so every apply really writes.
    let changes = [change(&moved), change(&original)];
    let mut next = 0;
    bencher.bench_local(|| {
        let applied = loaded.store.apply(&changes[next]).expect("apply");
        next = 1 - next;
        applied
    });
    // Leave the cached board exactly as generated.
    if next == 1 {
        loaded.store.apply(&changes[1]).expect("restore the card");
    }
}
