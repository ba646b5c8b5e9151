//! Shell completions, run in a real bash: the script `mlboard completions bash` prints
//! asks mlboard at each Tab, so card ids and labels come from the board being typed.

use crate::support::TestBoard;
use std::process::Command;

/// What bash offers for the last word of `words` (the word being completed).
fn complete(board: &TestBoard, script: &str, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "{script}\nCOMP_WORDS=({words})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\nCOMP_TYPE=9\n\
         _clap_complete_mlboard mlboard \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" ")
    );
    let output = Command::new("bash")
        .arg("--norc")
        .arg("--noprofile")
        .arg("-c")
        .arg(program)
        .env("MLBOARD_CONFIG", board.path().with_file_name("config.ron"))
        .env_remove("MLBOARD_DIR")
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_ids_phases_roles_and_labels_from_the_board() {
    let board = TestBoard::empty();
    let first = board.add(&["First", "-l", "churn,experiment"]);
    let second = board.add(&["Second", "-l", "drift"]);
    let script = board.ok(&["completions", "bash"]);
    let dir = board.path();
    let dir = dir.to_str().expect("a UTF-8 path");

    assert_eq!(complete(&board, &script, &["mlboard", "sho"]), ["show"]);
    let ids = complete(&board, &script, &["mlboard", "-b", dir, "show", ""]);
    assert!(ids.contains(&first) && ids.contains(&second), "{ids:?}");
    let one = complete(
        &board,
        &script,
        &["mlboard", "-b", dir, "delete", &first[..3]],
    );
    assert!(one.contains(&first), "{one:?}");
    let phases = complete(&board, &script, &["mlboard", "-b", dir, "move", &first, ""]);
    for phase in ["design", "development", "deployment", "next", "prev"] {
        assert!(phases.iter().any(|p| p == phase), "{phase}: {phases:?}");
    }
    let roles = complete(&board, &script, &["mlboard", "add", "T", "--role", "m"]);
    assert_eq!(roles, ["mle"]);
    let labels = complete(
        &board,
        &script,
        &["mlboard", "-b", dir, "list", "--label", ""],
    );
    assert_eq!(labels, ["churn", "drift", "experiment", "none"]);
    let labels = complete(
        &board,
        &script,
        &[
            "mlboard",
            &format!("--board={dir}"),
            "edit",
            &first,
            "-l",
            "churn,d",
        ],
    );
    assert_eq!(labels, ["churn,drift"]);
}

#[test]
fn completing_against_a_missing_board_offers_no_ids_and_creates_nothing() {
    let board = TestBoard::missing();
    let script = board.ok(&["completions", "bash"]);
    let dir = board.path();
    let ids = complete(
        &board,
        &script,
        &["mlboard", "-b", dir.to_str().unwrap(), "show", ""],
    );
    assert!(ids.iter().all(|w| w.starts_with('-')), "{ids:?}");
    assert!(!dir.exists());
}
