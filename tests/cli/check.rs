//! `mlboard check` against a corpus of bad files: each reported as
//! `path:line:column: message`, none modified, exit 1; a clean board exits 0.

use crate::support::{TestBoard, copy_tree, snapshot};
use std::path::{Path, PathBuf};

/// The corpus in tests/fixtures/bad-board, copied, plus a file over 1 MiB made here
/// (too big to commit).
fn bad_board() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("board");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-board");
    copy_tree(&fixtures, &root);
    let huge = format!(
        "(\n    id: \"bigfile1\",\n    title: \"{}\",\n)\n",
        "x".repeat(1_100 * 1024)
    );
    std::fs::write(root.join("cards/bigfile1.ron"), huge).unwrap();
    (dir, root)
}

fn mlboard(root: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("mlboard")
        .unwrap()
        .arg("-b")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .env("MLBOARD_CONFIG", root.join("no-such-config.ron"))
        .output()
        .unwrap()
}

/// `path:line:column: message` → (path, line, column, message).
fn parse_problem(line: &str) -> (String, usize, usize, String) {
    let (location, message) = line.split_once(": ").expect("path:line:column: message");
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next().unwrap().parse().expect("a column");
    let line_no = parts.next().unwrap().parse().expect("a line");
    let path = parts.next().expect("a path").to_string();
    (path, line_no, column, message.to_string())
}

#[test]
fn check_reports_every_bad_file_and_changes_none() {
    let (_dir, root) = bad_board();
    let before = snapshot(&root);
    let output = mlboard(&root, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let problems: Vec<_> = stdout.lines().map(parse_problem).collect();

    let expect = |rel: &str, line: usize, column: usize, needle: &str| {
        let path = root.join(rel).display().to_string();
        let found: Vec<_> = problems.iter().filter(|p| p.0 == path).collect();
        assert_eq!(
            found.len(),
            1,
            "{rel} reported {} times:\n{stdout}",
            found.len()
        );
        let (_, l, c, message) = found[0];
        assert_eq!((*l, *c), (line, column), "{rel}: {message}");
        assert!(
            message.contains(needle),
            "{rel}: {message:?} lacks {needle:?}"
        );
    };
    expect("cards/syntax01.ron", 4, 5, "Expected comma");
    expect("cards/conflct1.ron", 3, 1, "merge conflict");
    expect(
        "cards/phase001.ron",
        5,
        12,
        "`Design`, `Development`, or `Deployment`",
    );
    expect("cards/roles001.ron", 7, 28, "`BusinessStakeholder`");
    expect("cards/bigfile1.ron", 1, 1, "1 MiB");
    expect("cards/idmismat.ron", 2, 1, "does not match the file name");
    expect(
        "reviews/orphan01.ron",
        3,
        5,
        "\"missing1\", which does not exist",
    );
    assert_eq!(problems.len(), 7, "{stdout}");
    assert!(!stdout.contains("good0001"), "a good file is not a problem");

    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("7 problems"), "{stderr}");
    assert_eq!(snapshot(&root), before, "check changed a file");
}

#[test]
fn other_commands_still_work_on_a_board_with_bad_files() {
    let (_dir, root) = bad_board();
    let before = snapshot(&root);
    let output = mlboard(&root, &["list", "--json"]);
    assert!(output.status.success());
    let cards: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(cards.as_array().unwrap().len(), 1);
    assert_eq!(cards[0]["id"], "good0001");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("mlboard check"), "{stderr}");
    assert_eq!(snapshot(&root), before);

    // a change to the good card writes only that card
    let output = mlboard(&root, &["move", "good", "next"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let after = snapshot(&root);
    let changed: Vec<_> = after
        .keys()
        .filter(|k| after.get(*k) != before.get(*k))
        .collect();
    assert_eq!(changed, [&PathBuf::from("cards/good0001.ron")]);
}

#[test]
fn check_passes_a_clean_board() {
    let board = TestBoard::init("mlops");
    let card = board.add(&["One more", "-r", "ds"]);
    board.ok(&["review", &card, "-v", "continue"]);
    board.ok(&["move", &card, "next"]);
    board.ok(&["archive", &card]);
    let before = board.snapshot();
    let out = board.ok(&["check"]);
    assert!(out.starts_with("OK: board \"Test board\""), "{out}");
    assert!(
        out.contains("1 archived") && out.contains("1 review,"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1);
    assert_eq!(board.snapshot(), before);
}

#[test]
fn check_escapes_hostile_file_names() {
    let board = TestBoard::empty();
    std::fs::write(board.path().join("cards/\x1b[2J.ron"), "(").unwrap();
    let output = board.cmd().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("\\u{1b}[2J.ron:1:1: refused"), "{stdout}");
    assert!(!stdout.contains('\x1b'));
}
