//! End-to-end: the built binary in a real terminal (tmux), driven by keys, read back
//! from the screen and the files it wrote.

mod common;

use common::{changed_files, snapshot_files, starter_board};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_mlboard");

/// A tmux server of its own (its own socket), with one shell window. mlboard's
/// config and state directories are temporary ones, so no test reads the user's
/// `keys.ron` or writes their list of boards.
struct Tmux {
    socket: String,
    _home: tempfile::TempDir,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    fn start(width: u16, height: u16, env: &[(&str, &str)]) -> Tmux {
        let socket = format!(
            "mlboard-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let home = tempfile::tempdir().unwrap();
        let mut shell = format!(
            "env PS1='$ ' XDG_CONFIG_HOME='{0}/config' XDG_STATE_HOME='{0}/state' XDG_DATA_HOME='{0}/data' XDG_CACHE_HOME='{0}/cache'",
            home.path().display()
        );
        let tmux = Tmux {
            socket,
            _home: home,
        };
        for (name, value) in env {
            shell.push_str(&format!(" {name}='{value}'"));
        }
        shell.push_str(" sh");
        let status = Command::new("tmux")
            .args([
                "-L",
                &tmux.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "e2e",
            ])
            .args(["-x", &width.to_string(), "-y", &height.to_string(), &shell])
            .status()
            .expect("tmux must be installed to run the end-to-end tests (.ci/run installs it)");
        assert!(status.success());
        tmux
    }

    fn send(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "e2e"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
        // Let the app read one burst before the next: an Esc followed at once by a
        // letter is, to any terminal program, Alt+letter.
        std::thread::sleep(Duration::from_millis(150));
    }

    fn type_line(&self, line: &str) {
        self.send(&["-l", line]);
        self.send(&["Enter"]);
    }

    /// A tmux format of the pane, e.g. `#{alternate_on}`.
    fn display(&self, format: &str) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "display", "-p", "-t", "e2e", format])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "e2e"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits (up to 15 s, generous for a loaded CI machine) until the screen shows
    /// what `ready` looks for; panics with the screen otherwise.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn resize(&self, width: u16, height: u16) {
        Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "resize-window",
                "-t",
                "e2e",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .status()
            .unwrap();
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

impl Tmux {
    /// Where the TUI keeps its start-up caches in this terminal.
    fn cache_boards(&self) -> PathBuf {
        self._home.path().join("cache/mlboard/boards")
    }
}

fn board() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("board");
    starter_board(&dir);
    (tmp, dir)
}

/// The card file of the board at `dir` whose text contains `text`.
fn card_file_containing(dir: &Path, text: &str) -> PathBuf {
    std::fs::read_dir(dir.join("cards"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains(text)))
        .unwrap_or_else(|| panic!("no card file contains {text:?}"))
}

fn launch(tmux: &Tmux, dir: &Path) {
    tmux.type_line(&format!("{BIN} -b '{}'; echo \"exit=$?\"", dir.display()));
    tmux.wait_text("Design 7");
}

#[test]
fn pressing_l_moves_a_card_in_exactly_one_file() {
    let (_tmp, dir) = board();
    let before = snapshot_files(&dir);
    let tmux = Tmux::start(120, 36, &[]);
    launch(&tmux, &dir);
    tmux.send(&["L"]);
    tmux.wait_text("Development 7");
    tmux.send(&["q"]);
    let screen = tmux.wait_text("exit=0");
    let after = snapshot_files(&dir);
    let changed = changed_files(&before, &after);
    assert_eq!(changed.len(), 1, "{changed:?}");
    let text = String::from_utf8(after[&changed[0]].clone()).unwrap();
    assert!(text.contains("phase: Development,"), "{text}");
    // The terminal is back in its normal screen: the shell prompt works.
    assert!(
        !screen.contains("Design 7"),
        "still on the alternate screen:\n{screen}"
    );
    tmux.type_line("echo still-usable");
    tmux.wait_text("still-usable\n");
}

#[test]
fn first_run_creates_the_starter_board_in_mlboard_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fresh");
    let tmux = Tmux::start(120, 36, &[("MLBOARD_DIR", dir.to_str().unwrap())]);
    tmux.type_line(&format!("{BIN}; echo \"exit=$?\""));
    tmux.wait_text("Created the MLOps starter board");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    assert!(dir.join("board.ron").is_file());
    assert_eq!(std::fs::read_dir(dir.join("cards")).unwrap().count(), 20);
}

#[test]
fn editor_round_trip_leaves_the_terminal_usable() {
    let (tmp, dir) = board();
    let editor = tmp.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Edited in the editor.' > \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let tmux = Tmux::start(120, 36, &[("VISUAL", editor.to_str().unwrap())]);
    launch(&tmux, &dir);
    tmux.send(&["E"]);
    tmux.wait_text("Saved the description");
    // Back from the editor, the board is fully redrawn and takes keys again.
    tmux.wait_text("Deployment 7");
    tmux.send(&["Enter"]);
    tmux.wait_text("Edited in the editor.");
    tmux.send(&["Escape"]);
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    tmux.type_line("echo still-usable");
    tmux.wait_text("still-usable\n");
    let edited = std::fs::read_dir(dir.join("cards"))
        .unwrap()
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("Edited in the editor.")
        })
        .count();
    assert_eq!(edited, 1);
}

#[test]
fn a_failing_editor_changes_nothing() {
    let (_tmp, dir) = board();
    let before = snapshot_files(&dir);
    let tmux = Tmux::start(120, 36, &[("VISUAL", "false")]);
    launch(&tmux, &dir);
    tmux.send(&["E"]);
    tmux.wait_text("description is unchanged");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    assert_eq!(snapshot_files(&dir), before);
}

/// The start-up cache: written after the first frame, used by the next start, and
/// never in the way of a change made in between (here an edit in place that keeps
/// the file's size, the case a cache could most easily miss).
#[test]
fn a_change_made_between_two_starts_shows_on_the_second() {
    let (_tmp, dir) = board();
    // Files changed in the last seconds are left out of the cache; let them settle.
    std::thread::sleep(std::time::Duration::from_millis(3500));
    let tmux = Tmux::start(120, 36, &[]);
    launch(&tmux, &dir);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let written = || {
        std::fs::read_dir(tmux.cache_boards())
            .map(|entries| {
                entries
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".cache"))
            })
            .unwrap_or(false)
    };
    while !written() {
        assert!(
            std::time::Instant::now() < deadline,
            "no start-up cache written"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    let card = card_file_containing(&dir, "Exploratory data analysis");
    let text = std::fs::read_to_string(&card).unwrap();
    let edited = text.replace("Exploratory data analysis", "Exploratory data ANALYSIS");
    assert_eq!(edited.len(), text.len());
    std::fs::OpenOptions::new()
        .write(true)
        .open(&card)
        .and_then(|mut f| std::io::Write::write_all(&mut f, edited.as_bytes()))
        .unwrap();
    tmux.type_line("clear");
    launch(&tmux, &dir);
    tmux.wait_text("Exploratory data ANALYSIS");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
}

#[test]
fn changes_by_another_program_show_up_while_open() {
    let (_tmp, dir) = board();
    let tmux = Tmux::start(120, 36, &[]);
    launch(&tmux, &dir);
    let card = card_file_containing(&dir, "Exploratory data analysis");
    let text = std::fs::read_to_string(&card)
        .unwrap()
        .replace("Exploratory data analysis", "EDA renamed by a teammate");
    std::fs::write(&card, text).unwrap();
    tmux.wait_text("EDA renamed by a teammate");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
}

#[test]
fn a_tiny_terminal_says_so_and_recovers() {
    let (_tmp, dir) = board();
    let tmux = Tmux::start(120, 36, &[]);
    launch(&tmux, &dir);
    tmux.resize(40, 10);
    tmux.wait_text("too small");
    tmux.resize(120, 36);
    tmux.wait_text("Design 7");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
}

#[test]
fn a_broken_file_does_not_stop_the_board() {
    let (_tmp, dir) = board();
    std::fs::write(dir.join("cards/broken1.ron"), "(\n<<<<<<< HEAD\n").unwrap();
    let tmux = Tmux::start(120, 36, &[]);
    tmux.type_line(&format!("{BIN} -b '{}'; echo \"exit=$?\"", dir.display()));
    tmux.wait_text("1 file could not be read");
    tmux.send(&["!"]);
    tmux.wait_text("merge conflict");
    tmux.send(&["Escape"]);
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    assert_eq!(
        std::fs::read_to_string(dir.join("cards/broken1.ron")).unwrap(),
        "(\n<<<<<<< HEAD\n"
    );
}

#[test]
fn two_processes_moving_different_cards_lose_nothing() {
    let (_tmp, dir) = board();
    let a = Tmux::start(120, 36, &[]);
    let b = Tmux::start(120, 36, &[]);
    launch(&a, &dir);
    launch(&b, &dir);
    a.send(&["L"]); // the first Design card
    a.wait_text("Development 7");
    b.wait_text("Development 7"); // B sees A's move through the file watcher
    b.send(&["j"]);
    b.send(&["j"]);
    b.send(&["L"]); // another Design card
    b.wait_text("Development 8");
    a.wait_text("Development 8");
    a.send(&["q"]);
    b.send(&["q"]);
    a.wait_text("exit=0");
    b.wait_text("exit=0");
    let in_development = std::fs::read_dir(dir.join("cards"))
        .unwrap()
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("phase: Development,")
        })
        .count();
    assert_eq!(in_development, 8);
}

#[test]
fn a_keys_file_rebinds_only_the_commands_it_names() {
    let (tmp, dir) = board();
    let keys = tmp.path().join("keys.ron");
    std::fs::write(&keys, "{ MoveNextPhase: [\"M\"] }").unwrap();
    let tmux = Tmux::start(120, 36, &[("MLBOARD_KEYS", keys.to_str().unwrap())]);
    launch(&tmux, &dir);
    // The footer names the key that works, and only that one.
    let screen = tmux.wait_text("H/M move");
    assert!(!screen.contains("H/L move"), "{screen}");
    tmux.send(&["L"]); // no longer bound
    tmux.send(&["M"]);
    tmux.wait_text("Development 7");
    tmux.send(&["?"]);
    tmux.wait_text("M                      move the card to the next phase");
    tmux.send(&["Escape"]);
    tmux.send(&["q"]); // untouched default
    tmux.wait_text("exit=0");
}

#[test]
fn a_broken_keys_file_is_reported_and_defaults_apply() {
    let (tmp, dir) = board();
    let keys = tmp.path().join("keys.ron");
    std::fs::write(&keys, "{ Explode: [\"x\"] }").unwrap();
    let tmux = Tmux::start(160, 36, &[("MLBOARD_KEYS", keys.to_str().unwrap())]);
    launch(&tmux, &dir);
    tmux.wait_text("Using the default keys: ");
    tmux.wait_text("`Explode` is not a board command");
    tmux.send(&["L"]);
    tmux.wait_text("Development 7");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    assert_eq!(
        std::fs::read_to_string(&keys).unwrap(),
        "{ Explode: [\"x\"] }"
    );
}

/// Starts mlboard so that its process id lands in `pid_file`.
fn launch_with_pid(tmux: &Tmux, dir: &Path, pid_file: &Path) -> u32 {
    tmux.type_line(&format!(
        "sh -c 'echo $$ > {}; exec {BIN} -b {}'; echo \"exit=$?\"",
        pid_file.display(),
        dir.display()
    ));
    tmux.wait_text("Design 7");
    std::fs::read_to_string(pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// After mlboard ended: the main screen, a visible cursor, no mouse reporting,
/// and a terminal in cooked mode with echo.
fn assert_terminal_restored(tmux: &Tmux) {
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "still on the alternate screen"
    );
    assert_eq!(tmux.display("#{cursor_flag}"), "1", "the cursor is hidden");
    assert_eq!(
        tmux.display("#{mouse_any_flag}"),
        "0",
        "mouse reporting is on"
    );
    tmux.type_line("stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo stty-done");
    let screen = tmux.wait_text("stty-done\n");
    assert!(screen.contains("icanon echo stty-done"), "{screen}");
}

fn signal_leaves_the_terminal_restored_and_the_move_written(signal: &str, code: u32) {
    let (tmp, dir) = board();
    let before = snapshot_files(&dir);
    let tmux = Tmux::start(120, 36, &[]);
    let pid = launch_with_pid(&tmux, &dir, &tmp.path().join("pid"));
    assert_eq!(
        tmux.display("#{mouse_any_flag}"),
        "1",
        "the mouse is on by default"
    );
    tmux.send(&["L"]);
    tmux.wait_text("Development 7");
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.wait_text(&format!("exit={code}"));
    assert_terminal_restored(&tmux);
    // The move was on screen before the signal: it is on disk.
    let changed = changed_files(&before, &snapshot_files(&dir));
    assert_eq!(changed.len(), 1, "{changed:?}");
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_change() {
    signal_leaves_the_terminal_restored_and_the_move_written("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal_and_keeps_the_change() {
    signal_leaves_the_terminal_restored_and_the_move_written("HUP", 129);
}

#[test]
fn sigint_and_sigquit_end_it_the_same_way() {
    for (signal, code) in [("INT", 130), ("QUIT", 131)] {
        let (tmp, dir) = board();
        let tmux = Tmux::start(120, 36, &[]);
        let pid = launch_with_pid(&tmux, &dir, &tmp.path().join("pid"));
        Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap();
        tmux.wait_text(&format!("exit={code}"));
        assert_terminal_restored(&tmux);
    }
}

#[test]
fn mouse_false_leaves_the_terminal_its_own_selection() {
    let (tmp, dir) = board();
    let config = tmp.path().join("config.ron");
    std::fs::write(&config, "(mouse: false)").unwrap();
    let tmux = Tmux::start(120, 36, &[("MLBOARD_CONFIG", config.to_str().unwrap())]);
    launch(&tmux, &dir);
    assert_eq!(tmux.display("#{mouse_any_flag}"), "0");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    assert_terminal_restored(&tmux);
}

#[test]
fn a_broken_config_is_reported_with_its_place_and_never_rewritten() {
    let (tmp, dir) = board();
    let config = tmp.path().join("config.ron");
    std::fs::write(&config, "(\n  theme: Purple,\n)").unwrap();
    let tmux = Tmux::start(160, 36, &[("MLBOARD_CONFIG", config.to_str().unwrap())]);
    launch(&tmux, &dir);
    tmux.wait_text(&format!(
        "Using the default settings: {}:2:",
        config.display()
    ));
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "(\n  theme: Purple,\n)"
    );
}

#[test]
fn a_card_dragged_with_the_mouse_moves_in_one_file() {
    let (_tmp, dir) = board();
    let before = snapshot_files(&dir);
    let tmux = Tmux::start(160, 45, &[]);
    launch(&tmux, &dir);
    // SGR mouse reports, as a terminal sends them (1-based cells): press on
    // Design's first card, drag onto Development's second card's tags, release.
    tmux.send(&["-l", "\x1b[<0;6;3M"]);
    tmux.send(&["-l", "\x1b[<32;61;7M"]);
    tmux.wait_text("▶ drop here");
    tmux.send(&["-l", "\x1b[<0;61;7m"]);
    tmux.wait_text("Development 7");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    let changed = changed_files(&before, &snapshot_files(&dir));
    assert_eq!(changed.len(), 1, "{changed:?}");
}

#[test]
fn b_switches_among_the_boards_opened_before_and_never_creates_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, gone) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("gone"),
    );
    for dir in [&a, &b, &gone] {
        starter_board(dir);
    }
    let settings = std::fs::read_to_string(b.join("board.ron"))
        .unwrap()
        .replace("name: \"ML project\"", "name: \"Board B\"");
    std::fs::write(b.join("board.ron"), settings).unwrap();
    let tmux = Tmux::start(160, 40, &[]);
    for dir in [&gone, &a, &b] {
        launch(&tmux, dir);
        tmux.send(&["q"]);
        tmux.wait_for("exit", |s| s.matches("exit=0").count() >= 1);
        tmux.type_line("clear");
    }
    std::fs::remove_dir_all(&gone).unwrap();
    launch(&tmux, &b);
    tmux.send(&["b"]);
    let list = tmux.wait_text("Boards opened before");
    assert!(list.contains("Board B (open)"), "{list}");
    assert!(list.contains("no board here any more"), "{list}");
    // The cursor starts on the board opened before this one.
    tmux.send(&["Enter"]);
    tmux.wait_text("Opened \"ML project\"");
    tmux.send(&["L"]);
    tmux.wait_text("Development 7");
    // The board that is gone is said to be gone, and not created.
    tmux.send(&["b"]);
    tmux.wait_text("Boards opened before");
    tmux.send(&["G"]);
    tmux.send(&["Enter"]);
    tmux.wait_text("There is no board in");
    assert!(!gone.exists(), "a board that is gone is never created");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    let moved = std::fs::read_dir(a.join("cards"))
        .unwrap()
        .flatten()
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("phase: Development,")
        })
        .count();
    assert_eq!(moved, 7, "the move went to board a");
}

#[test]
fn closing_the_terminal_ends_mlboard_and_keeps_the_change() {
    let (tmp, dir) = board();
    let before = snapshot_files(&dir);
    let tmux = Tmux::start(120, 36, &[]);
    let pid = launch_with_pid(&tmux, &dir, &tmp.path().join("pid"));
    tmux.send(&["L"]);
    tmux.wait_text("Development 7");
    // The window closes: the terminal hangs up under mlboard.
    let _ = Command::new("tmux")
        .args(["-L", &tmux.socket, "kill-server"])
        .status();
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "mlboard outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(changed_files(&before, &snapshot_files(&dir)).len(), 1);
}

/// A FIFO and symbolic links where cards should be: the board opens at once and says
/// what it could not read; a card file that becomes a FIFO while it is open is
/// reported through the watcher, and nothing blocks. (A save racing the watcher to
/// such a file fails: tests/races.rs.)
#[test]
fn a_hostile_board_opens_and_a_fifo_appearing_is_reported() {
    let (_tmp, dir) = board();
    let cards = dir.join("cards");
    let mkfifo = |path: &Path| {
        assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
    };
    mkfifo(&cards.join("fifo1.ron"));
    std::os::unix::fs::symlink("/etc/passwd", cards.join("passwd1.ron")).unwrap();
    let tmux = Tmux::start(120, 36, &[]);
    launch(&tmux, &dir);
    tmux.wait_text("2 files could not be read");
    tmux.send(&["!"]);
    tmux.wait_text("a FIFO (named pipe)");
    tmux.wait_text("a symbolic link (to /etc/passwd)");
    tmux.send(&["Escape"]);
    // The selected card's file becomes a FIFO while the board is open.
    let first = std::fs::read_dir(&cards)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            std::fs::symlink_metadata(p).unwrap().is_file()
                && std::fs::read_to_string(p)
                    .unwrap()
                    .contains("title: \"Define the problem")
        })
        .unwrap();
    std::fs::remove_file(&first).unwrap();
    mkfifo(&first);
    tmux.wait_text("3 files could not be read");
    tmux.send(&["L"]);
    tmux.wait_text("Development 7");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&first)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// git for the sync tests: no system or user configuration of this machine, and no
/// repository above the temporary directory.
fn git_in(dir: &Path, home: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A person's clone of `remote` under `root`, with their identity.
fn clone_as(root: &Path, home: &Path, name: &str) -> PathBuf {
    git_in(root, home, &["clone", "--quiet", "remote.git", name]);
    let clone = root.join(name);
    git_in(&clone, home, &["config", "user.name", name]);
    git_in(
        &clone,
        home,
        &["config", "user.email", &format!("{name}@example.com")],
    );
    clone
}

/// The card file of the first Design card, by file name.
fn first_design_card(board: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(board.join("cards"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("phase: Design,")
        })
        .collect();
    files.sort();
    files.remove(0)
}

fn set_phase(card: &Path, phase: &str) {
    let text = std::fs::read_to_string(card)
        .unwrap()
        .replace("phase: Design,", &format!("phase: {phase},"));
    std::fs::write(card, text).unwrap();
}

#[test]
fn s_against_a_conflicting_remote_opens_the_conflict_popup_and_it_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let home = root.join("home");
    std::fs::create_dir(&home).unwrap();
    git_in(root, &home, &["init", "--quiet", "--bare", "remote.git"]);
    // Ann shares a board, then moves a card to Development and pushes.
    let ann = clone_as(root, &home, "ann");
    starter_board(&ann.join("board"));
    git_in(&ann, &home, &["add", "board"]);
    git_in(&ann, &home, &["commit", "--quiet", "-m", "board"]);
    git_in(&ann, &home, &["push", "--quiet", "-u", "origin", "HEAD"]);
    let bob = clone_as(root, &home, "bob");
    let card = first_design_card(&ann.join("board"));
    set_phase(&card, "Development");
    git_in(&ann, &home, &["commit", "--quiet", "-am", "move"]);
    git_in(&ann, &home, &["push", "--quiet"]);
    // Bob moved the same card to Deployment meanwhile.
    let name = card.file_name().unwrap().to_str().unwrap().to_string();
    set_phase(&bob.join("board/cards").join(&name), "Deployment");

    let home_var = home.to_str().unwrap();
    let tmux = Tmux::start(
        120,
        40,
        &[
            ("HOME", home_var),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_CEILING_DIRECTORIES", root.to_str().unwrap()),
        ],
    );
    tmux.type_line(&format!(
        "{BIN} -b '{}'; echo \"exit=$?\"",
        bob.join("board").display()
    ));
    tmux.wait_text("Deployment 8");
    tmux.send(&["S"]);
    let screen = tmux.wait_text("Sync stopped: a git conflict");
    assert!(screen.contains(&format!("board/cards/{name}")), "{screen}");
    assert!(screen.contains("git rebase --continue"), "{screen}");
    assert!(screen.contains("middle of a rebase"), "{screen}");
    // The watcher sees the files git rewrote; the popup stays (3 s, polled).
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        let screen = tmux.screen();
        assert!(
            screen.contains("Sync stopped: a git conflict"),
            "the popup went away:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Closed, the board lists the file with the conflict markers, and the status
    // line still says what the sync did.
    tmux.send(&["Escape"]);
    let screen = tmux.wait_text("could not be read");
    assert!(screen.contains("conflict while pulling"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
}

/// The live processes whose environment holds `marker` (zombies have none).
#[cfg(target_os = "linux")]
fn processes_marked(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let path = entry.path();
        let Ok(environ) = std::fs::read(path.join("environ")) else {
            continue;
        };
        if environ
            .split(|b| *b == 0)
            .any(|var| var == marker.as_bytes())
        {
            let cmdline = std::fs::read(path.join("cmdline")).unwrap_or_default();
            found.push(String::from_utf8_lossy(&cmdline).replace('\0', " "));
        }
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn quitting_while_a_sync_hangs_leaves_no_git_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let home = root.join("home");
    std::fs::create_dir(&home).unwrap();
    let repo = root.join("repo");
    std::fs::create_dir(&repo).unwrap();
    git_in(&repo, &home, &["init", "--quiet"]);
    git_in(&repo, &home, &["config", "user.name", "ann"]);
    git_in(&repo, &home, &["config", "user.email", "ann@example.com"]);
    starter_board(&repo.join("board"));
    git_in(&repo, &home, &["add", "board"]);
    git_in(&repo, &home, &["commit", "--quiet", "-m", "board"]);
    git_in(
        &repo,
        &home,
        &["remote", "add", "origin", "ssh://example.invalid/x.git"],
    );
    let branch = {
        let output = Command::new("git")
            .args(["symbolic-ref", "--short", "HEAD"])
            .current_dir(&repo)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    };
    git_in(
        &repo,
        &home,
        &["config", &format!("branch.{branch}.remote"), "origin"],
    );
    git_in(
        &repo,
        &home,
        &[
            "config",
            &format!("branch.{branch}.merge"),
            &format!("refs/heads/{branch}"),
        ],
    );
    // A remote that never answers: "ssh" sleeps.
    let ssh = root.join("slow-ssh.sh");
    std::fs::write(&ssh, "#!/bin/sh\nsleep 600\n").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let config = root.join("config.ron");
    std::fs::write(&config, "(sync_timeout_s: 600)").unwrap();
    let marker = format!("MLBOARD_E2E_SYNC={}", std::process::id());
    let tmux = Tmux::start(
        120,
        36,
        &[
            ("HOME", home.to_str().unwrap()),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_CEILING_DIRECTORIES", root.to_str().unwrap()),
            ("GIT_SSH_COMMAND", ssh.to_str().unwrap()),
            ("MLBOARD_CONFIG", config.to_str().unwrap()),
        ],
    );
    // Only mlboard and what it starts carry the marker, not the shell.
    tmux.type_line(&format!(
        "env {marker} {BIN} -b '{}'; echo \"exit=$?\"",
        repo.join("board").display()
    ));
    tmux.wait_text("Design 7");
    tmux.send(&["S"]);
    tmux.wait_text("syncing…");
    // Wait (bounded) until the fetch is hanging in the "ssh" script.
    let start = Instant::now();
    while !processes_marked(&marker)
        .iter()
        .any(|p| p.contains("slow-ssh.sh"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "git never reached the remote: {:?}\n{}",
            processes_marked(&marker),
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.send(&["q"]);
    tmux.wait_text("exit=0");
    // mlboard has ended: nothing it started may still run (polled, bounded).
    let start = Instant::now();
    loop {
        let left = processes_marked(&marker);
        if left.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "left behind: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
