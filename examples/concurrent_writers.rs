//! The concurrent-writer scenarios of issue 10 ("Never lose an update"), measured:
//! how many acknowledged changes each writer made, and how many of them are missing
//! from the files afterwards.
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example concurrent_writers -- 30   # seconds per scenario
//! ```
//!
//! 1. Two `mlboard move` loops (the release binary) on the same card.
//! 2. Two TUIs and a CLI loop on one board. A "TUI" is the real thing without a
//!    terminal: `App` driven by keys, the storage worker on its own thread, the file
//!    watcher feeding it, as `tui.rs` wires them.
//! 3. A TUI moving a card while another program rewrites the card's file every
//!    50–250 ms (read, change the description, write; in place or by rename).
//!
//! A move is acknowledged when the CLI exits 0 or the TUI's worker answers `Saved`;
//! every acknowledged move must be in the card's history, by its author, each move
//! starting where the one before it ended.

use mlboard::app::{Action, App, Effect, Env, IoEvent};
use mlboard::model::{Card, CardId, Phase, Timestamp};
use mlboard::store::template::{self, Template};
use mlboard::store::{Store, watch};
use mlboard::worker::{self, Worker, WorkerMsg};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

fn now() -> Timestamp {
    Timestamp::from_system_time(SystemTime::now())
}

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .map_or(30, |s| s.parse().expect("seconds"));
    let run = Duration::from_secs(seconds);
    // `MLBOARD_BIN` measures another build's CLI (scenario 1 only uses the binary).
    let bin = std::env::var_os("MLBOARD_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/mlboard"),
        PathBuf::from,
    );
    assert!(bin.exists(), "build it first: cargo build --release");
    println!("| scenario ({seconds} s) | tried | acknowledged | lost | refused (told) |");
    println!("|---|---:|---:|---:|---:|");
    cli_loops(&bin, run);
    tuis_and_cli(&bin, run);
    tui_and_outside_writer(run);
}

fn new_board() -> (tempfile::TempDir, PathBuf, CardId) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("board");
    let (settings, cards) =
        template::starter(Template::Mlops, None, now(), &mut fastrand::Rng::new());
    Store::init(&dir, &settings, &cards).unwrap();
    let first = Store::open(&dir)
        .unwrap()
        .board
        .cards_in_order()
        .next()
        .unwrap()
        .id
        .clone();
    (tmp, dir, first)
}

fn read_card(dir: &Path, id: &CardId) -> Card {
    let text = std::fs::read_to_string(dir.join(format!("cards/{id}.ron"))).unwrap();
    ron::from_str(&text).unwrap()
}

/// The moves of `who` missing from the card's history, and the breaks in its chain.
fn missing(card: &Card, who: &str, acknowledged: usize) -> usize {
    let recorded = card.history.iter().filter(|m| m.by == who).count();
    acknowledged.saturating_sub(recorded)
}

fn chain_breaks(card: &Card) -> usize {
    card.history
        .windows(2)
        .filter(|pair| pair[0].to != pair[1].from)
        .count()
}

#[derive(Default, Debug, Clone, Copy)]
struct Count {
    tried: usize,
    acknowledged: usize,
    refused: usize,
}

fn cli_loop(bin: &Path, dir: &Path, id: &CardId, who: &str, until: Instant) -> Count {
    let config = dir.parent().unwrap().join(format!("{who}.ron"));
    std::fs::write(&config, format!("(user_name: \"{who}\")")).unwrap();
    let mut count = Count::default();
    let mut rng = fastrand::Rng::new();
    while Instant::now() < until {
        let direction = if rng.bool() { "next" } else { "prev" };
        let output = Command::new(bin)
            .arg("--board")
            .arg(dir)
            .args(["move", id.as_str(), direction, "--force"])
            .env("MLBOARD_CONFIG", &config)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("already in the") {
            continue; // at the edge: not a write
        }
        count.tried += 1;
        if output.status.success() {
            count.acknowledged += 1;
        } else {
            count.refused += 1;
        }
    }
    count
}

fn report(name: &str, counts: &[Count], lost: usize, breaks: usize) {
    let sum = |f: fn(&Count) -> usize| counts.iter().map(f).sum::<usize>();
    let breaks = if breaks > 0 {
        format!(" ({breaks} breaks in the history chain)")
    } else {
        String::new()
    };
    println!(
        "| {name} | {} | {} | **{lost}**{breaks} | {} |",
        sum(|c| c.tried),
        sum(|c| c.acknowledged),
        sum(|c| c.refused)
    );
}

fn cli_loops(bin: &Path, run: Duration) {
    let (_tmp, dir, id) = new_board();
    let until = Instant::now() + run;
    let counts: Vec<(String, Count)> = std::thread::scope(|s| {
        let handles: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|who| {
                let (dir, id) = (&dir, &id);
                s.spawn(move || (who.to_string(), cli_loop(bin, dir, id, who, until)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let card = read_card(&dir, &id);
    let lost: usize = counts
        .iter()
        .map(|(who, c)| missing(&card, who, c.acknowledged))
        .sum();
    let counts: Vec<Count> = counts.into_iter().map(|(_, c)| c).collect();
    report(
        "two `mlboard move` loops on the same card",
        &counts,
        lost,
        chain_breaks(&card),
    );
}

/// A TUI without a terminal: the app, its storage worker thread and its watcher.
struct LiveTui {
    app: App,
    to_worker: mpsc::Sender<WorkerMsg>,
    actions: mpsc::Receiver<Action>,
    _watching: watch::WatchGuard,
    count: Count,
    in_flight: usize,
}

impl LiveTui {
    fn open(dir: &Path, who: &'static str) -> LiveTui {
        let loaded = Store::open(dir).unwrap();
        let (actions_tx, actions) = mpsc::channel();
        let (to_worker, worker_rx) = mpsc::channel();
        worker::spawn(
            Worker::new(loaded.store, false),
            worker_rx,
            actions_tx.clone(),
        );
        let watcher_tx = to_worker.clone();
        let watching = watch::watch(dir, move |rels| {
            let _ = watcher_tx.send(WorkerMsg::FilesChanged(rels));
        })
        .unwrap();
        let env = Env::new(now, move || who.to_string(), fastrand::Rng::new());
        let app = App::new(
            loaded.board,
            loaded.problems,
            None,
            dir.to_path_buf(),
            (160, 45),
            env,
        );
        LiveTui {
            app,
            to_worker,
            actions,
            _watching: watching,
            count: Count::default(),
            in_flight: 0,
        }
    }

    /// Applies what came back from the worker (as the event loop does).
    fn drain(&mut self) {
        while let Ok(action) = self.actions.try_recv() {
            self.note(&action);
            self.app.update(action);
        }
    }

    fn note(&mut self, action: &Action) {
        match action {
            Action::Io(IoEvent::Saved { .. }) => {
                self.count.acknowledged += 1;
                self.in_flight -= 1;
            }
            Action::Io(IoEvent::Refused { .. }) => {
                self.count.refused += 1;
                self.in_flight -= 1;
            }
            _ => {}
        }
    }

    /// Selects the card and moves it one phase (forward or back).
    fn move_card(&mut self, id: &CardId, rng: &mut fastrand::Rng) {
        self.drain();
        let Some(key) = self.app.board.key_of(id) else {
            return;
        };
        let phase = self.app.board.card(key).phase;
        self.app.view.select_card(phase, key);
        let forward = match phase {
            Phase::Design => true,
            Phase::Deployment => false,
            Phase::Development => rng.bool(),
        };
        let key = if forward { 'L' } else { 'H' };
        self.app.update(Action::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(key),
            crossterm::event::KeyModifiers::NONE,
        )));
        for effect in self.app.take_effects() {
            if let Effect::Save(change) = effect {
                self.count.tried += 1;
                self.in_flight += 1;
                let _ = self.to_worker.send(WorkerMsg::Save(change));
            }
        }
    }

    /// Waits for every save to be answered.
    fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.in_flight > 0 && Instant::now() < deadline {
            if let Ok(action) = self.actions.recv_timeout(Duration::from_millis(100)) {
                self.note(&action);
                self.app.update(action);
            }
        }
    }
}

fn tuis_and_cli(bin: &Path, run: Duration) {
    let (_tmp, dir, id) = new_board();
    let until = Instant::now() + run;
    let results: Vec<(String, Count)> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        for who in ["tui1", "tui2"] {
            let (dir, id) = (&dir, &id);
            handles.push(s.spawn(move || {
                let mut tui = LiveTui::open(dir, who);
                let mut rng = fastrand::Rng::new();
                while Instant::now() < until {
                    tui.move_card(id, &mut rng);
                    std::thread::sleep(Duration::from_millis(rng.u64(5..40)));
                }
                tui.settle();
                (who.to_string(), tui.count)
            }));
        }
        let (dir, id) = (&dir, &id);
        handles.push(s.spawn(move || ("cli".to_string(), cli_loop(bin, dir, id, "cli", until))));
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let card = read_card(&dir, &id);
    let lost: usize = results
        .iter()
        .map(|(who, c)| missing(&card, who, c.acknowledged))
        .sum();
    let counts: Vec<Count> = results.into_iter().map(|(_, c)| c).collect();
    report(
        "two TUIs and a CLI loop on one card",
        &counts,
        lost,
        chain_breaks(&card),
    );
}

fn tui_and_outside_writer(run: Duration) {
    let (_tmp, dir, id) = new_board();
    let path = dir.join(format!("cards/{id}.ron"));
    let until = Instant::now() + run;
    let edits = AtomicUsize::new(0);
    let overwritten = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let tui_count = std::thread::scope(|s| {
        let tui = s.spawn(|| {
            let mut tui = LiveTui::open(&dir, "tui");
            let mut rng = fastrand::Rng::new();
            while Instant::now() < until {
                tui.move_card(&id, &mut rng);
                std::thread::sleep(Duration::from_millis(rng.u64(10..60)));
            }
            tui.settle();
            done.store(true, Ordering::SeqCst);
            tui.count
        });
        s.spawn(|| {
            // Another program: reads the file, changes the description, writes it.
            let mut rng = fastrand::Rng::new();
            let mut last: Option<Box<str>> = None;
            let mut k = 0;
            while Instant::now() < until {
                std::thread::sleep(Duration::from_millis(rng.u64(50..250)));
                let text = std::fs::read_to_string(&path).unwrap();
                let mut card: Card = ron::from_str(&text).unwrap();
                if let Some(last) = &last
                    && card.description != *last
                {
                    overwritten.fetch_add(1, Ordering::SeqCst);
                }
                k += 1;
                card.description = format!("outside edit {k}").into();
                let text = mlboard::store::format::card_to_ron(&card);
                if rng.bool() {
                    std::fs::write(&path, text).unwrap();
                } else {
                    let tmp = path.with_extension("outside");
                    std::fs::write(&tmp, text).unwrap();
                    std::fs::rename(&tmp, &path).unwrap();
                }
                edits.fetch_add(1, Ordering::SeqCst);
                last = Some(card.description);
            }
            // The last edit too must survive the TUI's remaining saves.
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let card: Card = ron::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if last.is_some_and(|l| card.description != l) {
                overwritten.fetch_add(1, Ordering::SeqCst);
            }
        });
        tui.join().unwrap()
    });
    let edits = edits.load(Ordering::SeqCst);
    let overwritten = overwritten.load(Ordering::SeqCst);
    let card = read_card(&dir, &id);
    println!(
        "| a TUI moving a card while another program rewrites it every 50–250 ms: outside edits | {edits} | {edits} | **{overwritten}** overwritten by the TUI | – |"
    );
    let lost = missing(&card, "tui", tui_count.acknowledged);
    println!(
        "| the same: the TUI's own moves (lost ones: overwritten by the other program's unlocked read-modify-write) | {} | {} | {lost} | {} |",
        tui_count.tried, tui_count.acknowledged, tui_count.refused
    );
}
