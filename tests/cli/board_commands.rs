//! init, missing boards, usage errors, help and completions.

use crate::support::TestBoard;

#[test]
fn init_creates_a_board_that_the_loader_reads() {
    let board = TestBoard::missing();
    let out = board.ok(&["init", "--name", "Churn model"]);
    assert!(out.starts_with("Created board \"Churn model\""), "{out}");
    let loaded = board.load();
    assert_eq!(loaded.board.settings.name, "Churn model");
    assert!(loaded.problems.is_empty());
    assert!(loaded.board.len() >= 12, "the MLOps starter cards");
    assert!(
        loaded
            .board
            .cards_in_order()
            .any(|c| c.title == "Set up monitoring and data-drift alerts".into())
    );
}

#[test]
fn init_empty_makes_a_blank_board() {
    let board = TestBoard::missing();
    // template names are case-insensitive, like every other name
    board.ok(&["init", "--template", "EMPTY"]);
    assert!(board.load().board.is_empty());
    assert_eq!(board.json(&["list", "--json"]), serde_json::json!([]));
}

#[test]
fn init_on_an_existing_board_changes_nothing_and_fails() {
    let board = TestBoard::init("mlops");
    let before = board.snapshot();
    let err = board.fails(&["init", "--template", "empty", "--name", "Other"], 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(board.snapshot(), before);
}

#[test]
fn init_refuses_a_blank_name() {
    let board = TestBoard::missing();
    board.fails(&["init", "--name", "  "], 1);
    assert!(!board.path().exists());
}

#[test]
fn commands_on_a_missing_board_suggest_init_and_create_nothing() {
    let board = TestBoard::missing();
    let commands: [&[&str]; 8] = [
        &["list"],
        &["show", "abcd"],
        &["add", "A card"],
        &["move", "abcd", "next"],
        &["review", "abcd", "--verdict", "continue"],
        &["archive", "abcd"],
        &["check"],
        &["sync"],
    ];
    for args in commands {
        let err = board.fails(args, 1);
        // the suggestion names the board the command was given
        let init = format!("mlboard -b {} init", board.path().display());
        assert!(err.contains(&init), "{args:?}: {err}");
        assert!(!board.path().exists(), "{args:?} created the board");
    }
    // without -b, plain `mlboard init` creates the board the command looked for
    let mut cmd = assert_cmd::Command::cargo_bin("mlboard").unwrap();
    let output = cmd
        .arg("list")
        .env("MLBOARD_DIR", board.path())
        .output()
        .unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("`mlboard init`"), "{err}");
    assert!(err.contains("MLBOARD_DIR"), "{err}");
}

#[test]
fn the_board_can_come_from_mlboard_dir() {
    let board = TestBoard::empty();
    let mut cmd = assert_cmd::Command::cargo_bin("mlboard").unwrap();
    let out = cmd
        .args(["list", "--json"])
        .env("MLBOARD_DIR", board.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

#[test]
fn usage_errors_exit_2() {
    let board = TestBoard::empty();
    let id = board.add(&["A card"]);
    let usage: [&[&str]; 9] = [
        &["frobnicate"],
        &["add"],
        &["move", &id],
        &["move", &id, "sideways"],
        &["move", &id, "de"],
        &["list", "--phase", "testing"],
        &["add", "t", "--role", "pm"],
        &["review", &id],
        &["review", &id, "--verdict", "maybe"],
    ];
    for args in usage {
        let err = board.fails(args, 2);
        assert!(!err.is_empty(), "{args:?}");
    }
    let err = board.fails(&["list", "--phase", "testing"], 2);
    assert!(err.contains("design, development, deployment"), "{err}");
    let err = board.fails(&["review", &id, "--verdict", "maybe"], 2);
    assert!(err.contains("continue, rework, stop"), "{err}");
    let err = board.fails(&["add", "t", "--role", "data"], 2);
    assert!(err.contains("ambiguous role"), "{err}");
}

#[test]
fn every_command_has_help_with_examples() {
    let board = TestBoard::missing();
    for command in [
        "init",
        "add",
        "list",
        "show",
        "move",
        "review",
        "archive",
        "edit",
        "unarchive",
        "delete",
        "check",
        "sync",
        "completions",
    ] {
        let out = board.ok(&[command, "--help"]);
        assert!(out.contains("Usage: mlboard"), "{command}: {out}");
        assert!(out.contains("Example"), "{command} help has no example");
    }
    let out = board.ok(&["--help"]);
    for command in [
        "init",
        "add",
        "list",
        "show",
        "move",
        "review",
        "archive",
        "edit",
        "unarchive",
        "delete",
        "check",
        "sync",
    ] {
        assert!(out.contains(command), "{command} missing from --help");
    }
}

#[test]
fn completions_are_printed_for_a_shell() {
    let board = TestBoard::missing();
    let out = board.ok(&["completions", "bash"]);
    assert!(out.contains("-F _clap_complete_mlboard mlboard"), "{out}");
    let out = board.ok(&["completions", "zsh"]);
    assert!(out.starts_with("#compdef mlboard"), "{out}");
    let out = board.ok(&["completions", "fish"]);
    assert!(
        out.contains("complete --keep-order --exclusive --command mlboard"),
        "{out}"
    );
    board.fails(&["completions", "cmd.exe"], 2);
}

#[test]
fn sync_outside_a_git_repository_fails_with_a_message() {
    let board = TestBoard::empty();
    let err = board.fails(&["sync"], 1);
    assert!(err.contains("git"), "{err}");
}

#[test]
fn the_board_without_a_terminal_says_so_and_creates_nothing() {
    let board = TestBoard::missing();
    let err = board.fails(&[], 1);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(!board.path().exists(), "no board was created");
}
