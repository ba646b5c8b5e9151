//! Resident memory of an open board against SPEC §6 (≤ 15 MB at 1,000 cards,
//! ≤ 40 MB at 10,000, ≤ 300 MB at 100,000), and the time to the first frame in a
//! fresh process, which the benches (many opens in one warm process) cannot show.
//!
//! ```sh
//! cargo run --release --example measure           # every size
//! cargo run --release --example measure -- 10000  # one size
//! cargo run --release --example measure -- --board 10000  # print where that board is
//! ```
//!
//! Each size is measured in `RUNS` fresh processes, as the binary runs: open the
//! board (`Store::open`), build the app and draw the first frame on a 160×45 test
//! terminal (timed together), then read `VmRSS` (resident now) and `VmHWM` (the peak,
//! reached while loading) from `/proc/self/status`; then start the file watcher, as
//! the binary also does before its first frame, and read `VmRSS` again. Boards come
//! from the benches' generator (`target/bench-boards/<n>/`), read warm from the page
//! cache.

#[path = "../benches/support/mod.rs"]
mod support;

use mlboard::app::{App, Env};
use mlboard::model::Timestamp;
use mlboard::store::{Store, watch};
use mlboard::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::process::Command;
use std::time::Instant;

/// Fresh processes per board size; the table shows medians (and the fastest time).
const RUNS: usize = 7;

/// SPEC §6's resident-memory bars, in MB.
fn target_mb(n: usize) -> Option<f64> {
    match n {
        1_000 => Some(15.0),
        10_000 => Some(40.0),
        100_000 => Some(300.0),
        _ => None,
    }
}

/// What one measuring process reports.
struct Run {
    rss_kb: u64,
    hwm_kb: u64,
    watcher_rss_kb: u64,
    first_frame_us: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, n] = args.as_slice()
        && flag == "--child"
    {
        child(n.parse().expect("a card count"));
        return;
    }
    // `--board N`: print the generated board's directory (for `benches/first_frame.py`).
    if let [flag, n] = args.as_slice()
        && flag == "--board"
    {
        println!(
            "{}",
            support::board(n.parse().expect("a card count")).display()
        );
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        support::SIZES.to_vec()
    } else {
        args.iter()
            .map(|a| a.parse().expect("card counts"))
            .collect()
    };
    println!(
        "| cards | VmRSS after open + first frame | VmHWM (peak while loading) \
         | VmRSS with the watcher too | SPEC §6 memory | open to first frame, fresh process (fastest / median) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        support::board(n); // generated outside the measured processes
        let runs: Vec<Run> = (0..RUNS).map(|_| measure(n)).collect();
        let median = |field: fn(&Run) -> u64| {
            let mut values: Vec<u64> = runs.iter().map(field).collect();
            values.sort_unstable();
            values[values.len() / 2]
        };
        let mb = |kb: u64| kb as f64 / 1024.0;
        let ms = |us: u64| us as f64 / 1000.0;
        let rss = median(|r| r.rss_kb);
        let target = target_mb(n).map_or("—".to_string(), |t| {
            let verdict = if mb(rss) <= t { "met" } else { "MISSED" };
            format!("≤ {t:.0} MB ({verdict})")
        });
        let fastest = runs.iter().map(|r| r.first_frame_us).min().expect("runs");
        println!(
            "| {n} | {:.1} MB | {:.1} MB | {:.1} MB | {target} | {:.1} / {:.1} ms |",
            mb(rss),
            mb(median(|r| r.hwm_kb)),
            mb(median(|r| r.watcher_rss_kb)),
            ms(fastest),
            ms(median(|r| r.first_frame_us)),
        );
    }
}

/// Runs one measuring process.
fn measure(n: usize) -> Run {
    let me = std::env::current_exe().expect("this program's path");
    let out = Command::new(me)
        .args(["--child", &n.to_string()])
        .output()
        .expect("run the measuring process");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let numbers: Vec<u64> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .split_whitespace()
        .map(|v| v.parse().expect("a number"))
        .collect();
    let [rss_kb, hwm_kb, watcher_rss_kb, first_frame_us] = numbers[..] else {
        panic!("unexpected output: {numbers:?}");
    };
    Run {
        rss_kb,
        hwm_kb,
        watcher_rss_kb,
        first_frame_us,
    }
}

/// Opens one board as the binary does and prints `VmRSS VmHWM VmRSS-with-watcher`
/// in kB, then the time from opening to the first frame in µs.
fn child(n: usize) {
    let dir = support::board(n);
    let start = Instant::now();
    let loaded = Store::open(&dir).expect("open the board");
    let read_only = loaded.store.read_only().map(str::to_string);
    let app = App::new(
        loaded.board,
        loaded.problems,
        read_only,
        dir.clone(),
        (160, 45),
        Env::fixed(Timestamp::from_unix(support::NOW), "measure", 1),
    );
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("a test terminal");
    let theme = Theme::new(mlboard::ui::theme::ThemeName::Dark, false);
    terminal
        .draw(|frame| ui::draw(frame, &app, &theme))
        .expect("draw");
    let first_frame = start.elapsed().as_micros();
    let (rss, hwm) = (status_kb("VmRSS"), status_kb("VmHWM"));
    let watcher = watch::watch(&dir, |_| {}).expect("watch");
    let with_watcher = status_kb("VmRSS");
    println!("{rss} {hwm} {with_watcher} {first_frame}");
    // Everything stays alive until the numbers are read, as in the running binary.
    drop((watcher, terminal, app, loaded.store));
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}
