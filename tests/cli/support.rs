//! A board in a temporary directory, and `mlboard` run against it with a fixed user.

use assert_cmd::Command;
use mlboard::store::{Loaded, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct TestBoard {
    dir: tempfile::TempDir,
}

/// The user every test runs as (through the config file, so git and $USER never leak in).
pub const USER: &str = "tester";

impl TestBoard {
    /// A directory with no board yet (the board would be `<tmp>/board`).
    pub fn missing() -> TestBoard {
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::write(
            dir.path().join("config.ron"),
            format!("(user_name: \"{USER}\")\n"),
        )
        .expect("write the config");
        TestBoard { dir }
    }

    /// A board made with `mlboard init` and the given template.
    pub fn init(template: &str) -> TestBoard {
        let board = TestBoard::missing();
        board.ok(&["init", "--template", template, "--name", "Test board"]);
        board
    }

    pub fn empty() -> TestBoard {
        TestBoard::init("empty")
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("board")
    }

    /// `mlboard --board <path>`, with a fixed user and no colour.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("mlboard").expect("the mlboard binary");
        cmd.arg("--board")
            .arg(self.path())
            .env("MLBOARD_CONFIG", self.dir.path().join("config.ron"))
            .env_remove("MLBOARD_DIR")
            .env_remove("COLUMNS")
            .env("NO_COLOR", "1")
            .env("USER", USER);
        cmd
    }

    /// Runs `mlboard ARGS`, which must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().expect("mlboard runs");
        assert!(
            output.status.success(),
            "mlboard {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// Runs `mlboard ARGS`, which must exit with `code`; returns its stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let output = self.cmd().args(args).output().expect("mlboard runs");
        assert_eq!(
            output.status.code(),
            Some(code),
            "mlboard {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stderr).expect("UTF-8 output")
    }

    /// Runs `mlboard ARGS` with extra environment variables, which must succeed;
    /// returns its stdout and its stderr.
    pub fn ok_with(&self, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
        let mut cmd = self.cmd();
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.args(args).output().expect("mlboard runs");
        assert!(
            output.status.success(),
            "mlboard {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        (
            String::from_utf8(output.stdout).expect("UTF-8 output"),
            String::from_utf8(output.stderr).expect("UTF-8 output"),
        )
    }

    /// `mlboard add`; returns the new card's id.
    pub fn add(&self, args: &[&str]) -> String {
        let mut all = vec!["add"];
        all.extend_from_slice(args);
        let out = self.ok(&all);
        let id = out.trim().to_string();
        assert!(
            id.len() == 8 && id.bytes().all(|b| b.is_ascii_alphanumeric()),
            "{out:?}"
        );
        id
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }

    /// The board as the TUI's loader reads it.
    pub fn load(&self) -> Loaded {
        Store::open(&self.path()).expect("the board opens")
    }

    /// Every file under the board, by relative path, with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.path())
    }

    /// Replaces `from` with `to` in board.ron.
    pub fn edit_settings(&self, from: &str, to: &str) {
        let path = self.path().join("board.ron");
        let text = std::fs::read_to_string(&path).expect("board.ron");
        assert!(text.contains(from), "{text}");
        std::fs::write(&path, text.replace(from, to)).expect("write board.ron");
    }
}

pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("under root").to_path_buf();
                files.insert(rel, std::fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for (rel, bytes) in snapshot(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write the copy");
    }
}
