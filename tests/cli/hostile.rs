//! Hostile board directories (a shared repository is untrusted input, and git stores
//! symbolic links): nothing hangs, nothing outside the board is read or written,
//! every odd entry is reported by what it is, and nothing is followed, replaced or
//! deleted. Every command runs with a timeout, so a hang fails the test.

use super::support::TestBoard;
use std::fs;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::Path;
use std::time::Duration;

/// Far longer than any of these commands takes; only a hang reaches it.
const TIMEOUT: Duration = Duration::from_secs(30);

const SECRET: &str = "aws_secret_access_key = wJalrXUtnFEMIbPxRfiCYEXAMPLEKEY\n";

fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// Runs `mlboard ARGS` with the timeout: (exit code, stdout, stderr).
fn run(board: &TestBoard, args: &[&str]) -> (i32, String, String) {
    let output = board
        .cmd()
        .args(args)
        .timeout(TIMEOUT)
        .output()
        .expect("mlboard runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("mlboard {args:?} was killed (hung?): {output:?}"));
    (code, text(&output.stdout), text(&output.stderr))
}

/// The ids `list --json` prints.
fn ids(board: &TestBoard) -> Vec<String> {
    let (code, out, err) = run(board, &["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let cards: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// The board with every kind of odd entry where a card or review file should be.
fn hostile_board() -> (TestBoard, tempfile::TempDir) {
    let board = TestBoard::init("mlops");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("credentials");
    fs::write(&secret, SECRET).unwrap();
    let cards = board.path().join("cards");
    let reviews = board.path().join("reviews");
    fs::create_dir_all(&reviews).unwrap();
    fifo(&cards.join("fifo1.ron"));
    let socket = std::os::unix::net::UnixListener::bind(cards.join("sock1.ron")).unwrap();
    std::mem::forget(socket); // the socket file stays while the test runs
    symlink("/etc/passwd", cards.join("passwd1.ron")).unwrap();
    symlink(&secret, cards.join("secret1.ron")).unwrap();
    symlink("nowhere/at/all", cards.join("dangle1.ron")).unwrap();
    symlink(outside.path(), cards.join("dirlink1.ron")).unwrap();
    fs::create_dir(cards.join("dir1.ron")).unwrap();
    symlink(&secret, reviews.join("secret2.ron")).unwrap();
    fifo(&reviews.join("fifo2.ron"));
    (board, outside)
}

#[test]
fn odd_entries_are_reported_by_what_they_are_and_never_followed() {
    let (board, outside) = hostile_board();
    let before = fs::read_dir(board.path().join("cards")).unwrap().count();
    let (code, out, err) = run(&board, &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    for (name, what) in [
        ("cards/fifo1.ron", "FIFO"),
        ("cards/sock1.ron", "socket"),
        ("cards/passwd1.ron", "symbolic link (to /etc/passwd)"),
        ("cards/secret1.ron", "symbolic link"),
        ("cards/dangle1.ron", "symbolic link (to nowhere/at/all)"),
        ("cards/dirlink1.ron", "symbolic link"),
        ("cards/dir1.ron", "a directory"),
        ("reviews/secret2.ron", "symbolic link"),
        ("reviews/fifo2.ron", "FIFO"),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported:\n{out}"));
        assert!(line.contains(what), "{line}");
    }
    assert!(!out.contains("aws_secret") && !err.contains("aws_secret"));
    assert!(!out.contains("root:") && !out.contains("Expected struct"));
    // The rest of the board works, without waiting on anything.
    assert_eq!(ids(&board).len(), 20);
    let (code, _, err) = run(&board, &["add", "Still works"]);
    assert_eq!(code, 0, "{err}");
    // Nothing was followed, replaced or deleted.
    let cards = board.path().join("cards");
    assert_eq!(fs::read_dir(&cards).unwrap().count(), before + 1);
    assert!(
        fs::symlink_metadata(cards.join("fifo1.ron"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(
        fs::read_link(cards.join("secret1.ron")).unwrap(),
        outside.path().join("credentials")
    );
    assert_eq!(
        fs::read_to_string(outside.path().join("credentials")).unwrap(),
        SECRET
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[test]
fn the_tui_loader_opens_a_hostile_board_without_hanging() {
    let (board, _outside) = hostile_board();
    let path = board.path();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let loaded = mlboard::store::Store::open(&path).map(|l| l.problems.len());
        let _ = tx.send(loaded.map_err(|e| e.to_string()));
    });
    let problems = rx.recv_timeout(TIMEOUT).expect("opening returned").unwrap();
    assert_eq!(problems, 9);
}

#[test]
fn a_symlinked_cards_directory_is_read_only_and_never_written_through() {
    let board = TestBoard::init("mlops");
    let outside = tempfile::tempdir().unwrap();
    let cards = board.path().join("cards");
    // The cards live elsewhere; cards/ points there.
    for entry in fs::read_dir(&cards).unwrap().flatten() {
        fs::rename(entry.path(), outside.path().join(entry.file_name())).unwrap();
    }
    fs::remove_dir(&cards).unwrap();
    symlink(outside.path(), &cards).unwrap();
    let outside_before = fs::read_dir(outside.path()).unwrap().count();

    let (code, out, err) = run(&board, &["check"]);
    assert_eq!(code, 1, "check must not say OK: {out}{err}");
    assert!(out.contains("cards/ is a symbolic link"), "{out}");
    assert!(out.contains("read-only"), "{out}");
    let (code, _, err) = run(&board, &["add", "Through the link"]);
    assert_eq!(code, 1);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(
        fs::read_dir(outside.path()).unwrap().count(),
        outside_before
    );
    let (code, list, _) = run(&board, &["list"]);
    assert_eq!(
        (code, list.as_str()),
        (0, ""),
        "no card read through the link"
    );
}

#[test]
fn an_odd_board_ron_is_reported_and_never_replaced() {
    for kind in ["fifo", "directory", "symlink"] {
        let board = TestBoard::init("mlops");
        let settings = board.path().join("board.ron");
        fs::remove_file(&settings).unwrap();
        match kind {
            "fifo" => fifo(&settings),
            "directory" => fs::create_dir(&settings).unwrap(),
            _ => symlink("/etc/passwd", &settings).unwrap(),
        }
        let (code, out, _) = run(&board, &["check"]);
        assert_eq!(code, 1, "{kind}: {out}");
        let line = out
            .lines()
            .find(|l| l.contains("board.ron"))
            .unwrap_or_default();
        assert!(line.contains("not a regular file"), "{kind}: {out}");
        // The cards still open, read-only (the gate is unknown without board.ron);
        // board.ron stays what it was.
        let id = ids(&board)[0].clone();
        let (code, _, err) = run(&board, &["move", &id, "next"]);
        assert_eq!(code, 1, "{kind}: {err}");
        assert!(err.contains("board.ron cannot be read"), "{kind}: {err}");
        let meta = fs::symlink_metadata(&settings).unwrap();
        let still = match kind {
            "fifo" => meta.file_type().is_fifo(),
            "directory" => meta.is_dir(),
            _ => meta.file_type().is_symlink(),
        };
        assert!(still, "{kind} was replaced");
        assert!(!out.contains("root:"));
    }
}

#[test]
fn a_byte_order_mark_is_named_and_the_file_left_alone() {
    let board = TestBoard::init("mlops");
    let card = fs::read_dir(board.path().join("cards"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fs::read(&card).unwrap());
    fs::write(&card, &bytes).unwrap();
    let (code, out, _) = run(&board, &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains("byte-order mark (BOM"), "{out}");
    assert_eq!(ids(&board).len(), 19);
    assert_eq!(fs::read(&card).unwrap(), bytes);
}

#[test]
fn a_write_that_cannot_get_the_lock_says_why_and_exits_1() {
    let board = TestBoard::init("mlops");
    let id = ids(&board)[0].clone();
    let path = board.path().join(format!("cards/{id}.ron"));
    let before = fs::read(&path).unwrap();
    let held = mlboard::store::lock::BoardLock::acquire(&board.path(), TIMEOUT).unwrap();
    let (code, out, err) = run(&board, &["move", &id, "next"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("nothing was written") && err.contains("locked"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    drop(held);
    let (code, _, err) = run(&board, &["move", &id, "next"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_board_ron_in_conflict_makes_moves_refused_not_ungated() {
    let board = TestBoard::init("mlops");
    let settings = board.path().join("board.ron");
    let text = fs::read_to_string(&settings).unwrap();
    let conflicted = text.replace(
        "    gate: Warn,\n",
        "<<<<<<< HEAD\n    gate: Enforce,\n=======\n    gate: Off,\n>>>>>>> theirs\n",
    );
    assert_ne!(conflicted, text);
    fs::write(&settings, &conflicted).unwrap();
    let (_, list, _) = run(&board, &["list", "--json"]);
    let id = list.split("\"id\": \"").nth(1).unwrap()[..8].to_string();
    let before = super::support::snapshot(&board.path());
    let (code, _, err) = run(&board, &["move", &id, "next"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("board.ron cannot be read"), "{err}");
    assert_eq!(super::support::snapshot(&board.path()), before);
    let (code, out, _) = run(&board, &["check"]);
    assert_eq!(code, 1);
    assert!(out.contains("board.ron:"), "{out}");
}
