//! Sharing a board through git, with real git: a bare repository in a temporary
//! directory is the remote, and each person is a clone of it with their own identity.
//! Board changes go through the library (Store, model::ops), as the TUI and CLI make them.

mod common;

use mlboard::model::{CardId, Phase, ReviewId, ReviewerRole, RoleSet, Timestamp, Verdict, ops};
use mlboard::store::template::{self, Template};
use mlboard::store::{Change, FileOp, Loaded, Store};
use mlboard::sync::{self, SyncError};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Once;
use std::time::SystemTime;
use tempfile::TempDir;

/// The machine's git configuration must not change what the tests see (a global
/// `commit.gpgSign`, a system `init.defaultBranch`, an identity in `$EMAIL`). The
/// library runs git with the process environment, so it is set here, once, before any
/// test starts git: every test calls this first, and `Once` makes the others wait.
fn isolate_git() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("git-home");
        std::fs::create_dir_all(&home).unwrap();
        let _ = std::fs::remove_file(home.join(".gitconfig"));
        // SAFETY: runs once, before any thread of this test binary reads the
        // environment again (the other tests block on the `Once` above).
        unsafe {
            std::env::set_var("HOME", &home);
            std::env::set_var("XDG_CONFIG_HOME", &home);
            std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
            // Repositories live under the system's temporary directory: git must not
            // find one above it.
            std::env::set_var("GIT_CEILING_DIRECTORIES", std::env::temp_dir());
            for name in [
                "GIT_AUTHOR_NAME",
                "GIT_AUTHOR_EMAIL",
                "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL",
                "EMAIL",
                "GIT_DIR",
                "GIT_WORK_TREE",
                "GIT_INDEX_FILE",
            ] {
                std::env::remove_var(name);
            }
        }
    });
}

/// Runs git in `dir` and returns its output; panics with git's message on failure.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env("GIT_EDITOR", "true")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_string()
}

fn now() -> Timestamp {
    Timestamp::from_system_time(SystemTime::now())
}

/// A bare remote and the clones of the people who share it.
struct Team {
    dir: TempDir,
    remote: PathBuf,
}

impl Team {
    fn new() -> Team {
        isolate_git();
        let dir = tempfile::tempdir().unwrap();
        let remote = dir.path().join("remote.git");
        git(dir.path(), &["init", "--quiet", "--bare", "remote.git"]);
        Team { dir, remote }
    }

    /// A person's clone; their board is `<clone>/board`.
    fn clone(&self, name: &str) -> PathBuf {
        let remote = self.remote.to_str().unwrap();
        git(self.dir.path(), &["clone", "--quiet", remote, name]);
        let clone = self.dir.path().join(name);
        git(&clone, &["config", "user.name", name]);
        git(
            &clone,
            &["config", "user.email", &format!("{name}@example.com")],
        );
        clone.join("board")
    }

    /// The first person creates the starter board and pushes it.
    fn with_board(&self, name: &str) -> PathBuf {
        let board = self.clone(name);
        let mut rng = fastrand::Rng::new();
        let (settings, cards) =
            template::starter(Template::Mlops, Some("Churn model".into()), now(), &mut rng);
        Store::init(&board, &settings, &cards).unwrap();
        let report = sync::sync(&board, &mut |_| {}).unwrap();
        assert!(report.pushed, "{report:?}");
        board
    }
}

fn open(board: &Path) -> Loaded {
    Store::open(board).unwrap()
}

fn apply(store: &mut Store, label: &str, op: FileOp) {
    store
        .apply(&Change::new(label.to_string(), vec![op]))
        .unwrap();
}

/// The ids of a column's cards, top to bottom.
fn column(board: &Path, phase: Phase) -> Vec<CardId> {
    let loaded = open(board);
    loaded
        .board
        .column(phase)
        .iter()
        .map(|k| loaded.board.card(*k).id.clone())
        .collect()
}

fn title(board: &Path, id: &CardId) -> String {
    open(board).board.card_by_id(id).unwrap().title.to_string()
}

fn move_card(board: &Path, id: &CardId, to: Phase) {
    let Loaded {
        board: b,
        mut store,
        ..
    } = open(board);
    let key = b.key_of(id).unwrap();
    let plan = ops::plan_move(&b, key, to, now(), "tester", false).unwrap();
    apply(&mut store, &plan.describe(), FileOp::write_card(&plan.card));
}

/// Moves a card to the top of its column.
fn reorder_to_top(board: &Path, id: &CardId) {
    let Loaded {
        board: b,
        mut store,
        ..
    } = open(board);
    let key = b.key_of(id).unwrap();
    let mut card = b.card(key).clone();
    card.rank = b.rank_after(card.phase, None, key).unwrap();
    apply(&mut store, "reorder", FileOp::write_card(&card));
}

fn add_card(board: &Path, title: &str, phase: Phase) -> CardId {
    let Loaded {
        board: b,
        mut store,
        ..
    } = open(board);
    let id = CardId::generate(&mut fastrand::Rng::new());
    let card = ops::new_card(&b, id.clone(), title, "", phase, RoleSet::EMPTY, now()).unwrap();
    apply(&mut store, "add", FileOp::write_card(&card));
    id
}

fn review(board: &Path, id: &CardId, reviewer: &str, verdict: Verdict) -> ReviewId {
    let Loaded {
        board: b,
        mut store,
        ..
    } = open(board);
    let review = ops::new_review(
        &b,
        ReviewId::generate(&mut fastrand::Rng::new()),
        b.key_of(id).unwrap(),
        now(),
        reviewer,
        ReviewerRole::BusinessStakeholder,
        verdict,
        "",
    );
    apply(&mut store, "review", FileOp::write_review(&review));
    review.id
}

fn sync_ok(board: &Path) -> sync::SyncReport {
    let mut lines = Vec::new();
    let report = sync::sync(board, &mut |line| lines.push(line.to_string()))
        .unwrap_or_else(|e| panic!("sync of {} failed: {e}", board.display()));
    assert_eq!(lines.first().map(String::as_str), Some("committing…"));
    report
}

/// Every board file, by path, with its bytes: two clones that agree have equal maps.
fn snapshot(board: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        "board.ron".to_string(),
        std::fs::read(board.join("board.ron")).unwrap(),
    )];
    for dir in ["cards", "reviews"] {
        let Ok(entries) = std::fs::read_dir(board.join(dir)) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            files.push((
                format!("{dir}/{name}"),
                std::fs::read(entry.path()).unwrap(),
            ));
        }
    }
    files.sort();
    files
}

fn assert_no_problems(board: &Path) {
    let problems: Vec<String> = open(board).problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{}: {problems:?}", board.display());
}

fn repo_of(board: &Path) -> &Path {
    board.parent().unwrap()
}

#[test]
fn changes_to_different_cards_and_reviews_of_one_card_merge_cleanly() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let bob = team.clone("bob");
    let design = column(&ann, Phase::Design);
    let (card1, card3, card2, card4) = (&design[0], &design[1], &design[2], &design[3]);

    move_card(&ann, card1, Phase::Development);
    reorder_to_top(&ann, card2);
    let ann_review = review(&ann, card4, "Ann", Verdict::Continue);

    move_card(&bob, card3, Phase::Development);
    let added = add_card(&bob, "Check label leakage", Phase::Design);
    let bob_review = review(&bob, card4, "Bob", Verdict::Rework);

    sync_ok(&ann);
    let report = sync_ok(&bob);
    assert!(report.pulled && report.pushed, "{report:?}");
    let report = sync_ok(&ann);
    assert!(report.pulled && report.committed.is_none(), "{report:?}");

    for board in [&ann, &bob] {
        assert_no_problems(board);
        let design = column(board, Phase::Design);
        assert_eq!(&design[0], card2, "the reorder reached {}", board.display());
        assert!(design.contains(&added));
        let development = column(board, Phase::Development);
        assert!(development.contains(card1) && development.contains(card3));
        let reviews: Vec<ReviewId> = open(board)
            .board
            .reviews_of(card4)
            .iter()
            .map(|r| r.id.clone())
            .collect();
        assert!(reviews.contains(&ann_review) && reviews.contains(&bob_review));
    }
    assert_eq!(snapshot(&ann), snapshot(&bob));
}

#[test]
fn two_reviews_and_a_move_of_one_card_merge_cleanly() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let bob = team.clone("bob");
    let cid = team.clone("cid");
    let card = column(&ann, Phase::Design)[0].clone();

    let first = review(&ann, &card, "Ann", Verdict::Continue);
    let second = review(&bob, &card, "Bob", Verdict::Continue);
    move_card(&cid, &card, Phase::Development);
    for board in [&ann, &bob, &cid, &ann, &bob] {
        sync_ok(board);
    }

    for board in [&ann, &bob, &cid] {
        assert_no_problems(board);
        let loaded = open(board);
        assert_eq!(
            loaded.board.card_by_id(&card).unwrap().phase,
            Phase::Development
        );
        let reviews: Vec<&ReviewId> = loaded
            .board
            .reviews_of(&card)
            .iter()
            .map(|r| &r.id)
            .collect();
        assert_eq!(reviews.len(), 2, "{}", board.display());
        assert!(reviews.contains(&&first) && reviews.contains(&&second));
    }
    assert_eq!(snapshot(&ann), snapshot(&cid));
}

#[test]
fn moving_one_card_to_two_phases_stops_on_a_conflict_and_loses_nothing() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let bob = team.clone("bob");
    let card = column(&ann, Phase::Design)[0].clone();
    let rel = format!("cards/{card}.ron");

    move_card(&ann, &card, Phase::Development);
    move_card(&bob, &card, Phase::Deployment);
    sync_ok(&ann);
    let err = sync::sync(&bob, &mut |_| {}).unwrap_err();

    let SyncError::Conflict { files, message, .. } = &err else {
        panic!("expected a conflict, got {err:?}");
    };
    assert_eq!(files, &[format!("board/{rel}")]);
    assert!(message.contains(&format!("board/{rel}")), "{message}");
    assert!(message.contains("git rebase --continue") && message.contains("git rebase --abort"));
    assert!(message.contains("mlboard check"), "{message}");

    // git is left mid-rebase, and the file holds both versions between markers.
    let rebase_dir = git(repo_of(&bob), &["rev-parse", "--git-path", "rebase-merge"]);
    assert!(repo_of(&bob).join(rebase_dir).is_dir());
    let text = std::fs::read_to_string(bob.join(&rel)).unwrap();
    assert!(
        text.contains("<<<<<<<") && text.contains(">>>>>>>"),
        "{text}"
    );
    assert!(text.contains("phase: Development") && text.contains("phase: Deployment"));

    let problems = open(&bob).problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].rel, rel);
    assert!(
        problems[0].message.contains("merge conflict"),
        "{}",
        problems[0]
    );

    // Syncing again, or committing, touches nothing until the user has finished.
    let head = git(repo_of(&bob), &["rev-parse", "HEAD"]);
    assert!(matches!(
        sync::sync(&bob, &mut |_| {}),
        Err(SyncError::Unfinished(_))
    ));
    assert!(matches!(
        sync::autocommit(&bob),
        Err(SyncError::Unfinished(_))
    ));
    assert_eq!(git(repo_of(&bob), &["rev-parse", "HEAD"]), head);
    assert_eq!(std::fs::read_to_string(bob.join(&rel)).unwrap(), text);

    // Resolving as the README says: keep one version, add it, continue, sync.
    let bobs_version = git(
        repo_of(&bob),
        &["show", &format!("REBASE_HEAD:board/{rel}")],
    );
    std::fs::write(bob.join(&rel), format!("{bobs_version}\n")).unwrap();
    git(repo_of(&bob), &["add", &format!("board/{rel}")]);
    git(repo_of(&bob), &["rebase", "--continue"]);
    assert_no_problems(&bob);
    assert!(sync_ok(&bob).pushed);
    sync_ok(&ann);
    assert_eq!(
        open(&ann).board.card_by_id(&card).unwrap().phase,
        Phase::Deployment
    );
}

#[test]
fn the_commit_message_says_what_changed() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let compare = add_card(&ann, "Compare two algorithms", Phase::Design);
    let eda = add_card(&ann, "EDA", Phase::Design);
    let report = sync_ok(&ann);
    assert_eq!(
        report.committed.as_deref(),
        Some("Add \"Compare two algorithms\" to Design; add \"EDA\" to Design")
    );

    move_card(&ann, &compare, Phase::Development);
    review(&ann, &eda, "Bob", Verdict::Continue);
    let report = sync_ok(&ann);
    let expected = "Move \"Compare two algorithms\" to Development; review \"EDA\": Continue";
    assert_eq!(git(repo_of(&ann), &["log", "-1", "--format=%s"]), expected);
    assert_eq!(report.committed.as_deref(), Some(expected));
    assert!(
        report.message.contains(expected) && report.pushed,
        "{}",
        report.message
    );
    let body = git(repo_of(&ann), &["log", "-1", "--format=%b"]);
    assert_eq!(
        body,
        "- Move \"Compare two algorithms\" to Development\n- Review \"EDA\": Continue (by Bob)"
    );
    // The remote has it too.
    assert_eq!(git(&team.remote, &["log", "-1", "--format=%s"]), expected);
}

#[test]
fn without_an_upstream_sync_commits_locally_and_says_so() {
    isolate_git();
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["config", "user.name", "Solo"]);
    git(dir.path(), &["config", "user.email", "solo@example.com"]);
    let board = dir.path().join("board");
    let (settings, cards) =
        template::starter(Template::Mlops, None, now(), &mut fastrand::Rng::new());
    Store::init(&board, &settings, &cards).unwrap();

    let report = sync_ok(&board);
    assert!(!report.pushed && !report.pulled);
    assert!(
        report.message.contains("not pulled or pushed"),
        "{}",
        report.message
    );
    let summary = report.committed.unwrap();
    assert!(
        summary.starts_with("Create board \"ML project\" with "),
        "{summary}"
    );
    assert_eq!(git(dir.path(), &["log", "--format=%s"]), summary);
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");

    let again = sync_ok(&board);
    assert_eq!(again.committed, None);
    assert!(
        again.message.starts_with("Nothing to commit"),
        "{}",
        again.message
    );
}

#[test]
fn a_board_outside_a_work_tree_is_not_a_repository() {
    isolate_git();
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("board");
    let (settings, cards) =
        template::starter(Template::Empty, None, now(), &mut fastrand::Rng::new());
    Store::init(&board, &settings, &cards).unwrap();
    let err = sync::sync(&board, &mut |_| {}).unwrap_err();
    assert!(
        matches!(&err, SyncError::NotARepo(path) if path == &board),
        "{err:?}"
    );
    assert!(err.to_string().contains("git init"), "{err}");
    assert!(matches!(
        sync::autocommit(&board),
        Err(SyncError::NotARepo(_))
    ));
}

#[test]
fn autocommit_commits_locally_without_pushing() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let card = add_card(&ann, "EDA", Phase::Design);
    sync_ok(&ann);
    let remote_head = git(&team.remote, &["rev-parse", "HEAD"]);
    move_card(&ann, &card, Phase::Development);

    let summary = sync::autocommit(&ann).unwrap().expect("a commit");
    assert_eq!(summary, "Move \"EDA\" to Development");
    assert_eq!(git(repo_of(&ann), &["log", "-1", "--format=%s"]), summary);
    assert_eq!(git(repo_of(&ann), &["status", "--porcelain"]), "");
    assert_eq!(git(&team.remote, &["rev-parse", "HEAD"]), remote_head);
    assert_eq!(sync::autocommit(&ann).unwrap(), None);
}

#[test]
fn with_autocommit_on_every_change_in_the_tui_is_committed() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let settings = std::fs::read_to_string(ann.join("board.ron")).unwrap();
    let settings = settings.replace("\n)\n", "\n    autocommit: true,\n)\n");
    std::fs::write(ann.join("board.ron"), settings).unwrap();
    sync_ok(&ann);
    // The headless TUI, its storage worker performing the writes as the binary does.
    let mut app = common::Harness::open(&ann);
    let title = app.selected().unwrap().title.clone();
    app.send(common::ch('L'));
    assert_eq!(
        git(repo_of(&ann), &["log", "-1", "--format=%s"]),
        format!("Move \"{title}\" to Development")
    );
    assert_eq!(git(repo_of(&ann), &["status", "--porcelain"]), "");
}

#[test]
fn only_the_boards_files_are_committed() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let repo = repo_of(&ann);
    let card = column(&ann, Phase::Design)[0].clone();
    move_card(&ann, &card, Phase::Development);
    // Someone's other work, staged and unstaged, and files mlboard ignores.
    std::fs::write(repo.join("train.py"), "print('hi')\n").unwrap();
    git(repo, &["add", "train.py"]);
    std::fs::write(repo.join("notes.md"), "draft\n").unwrap();
    std::fs::write(ann.join("cards/.mlboard-123.tmp"), "half a card").unwrap();
    std::fs::write(ann.join(".mlboard.lock"), "").unwrap();
    std::fs::write(ann.join("cards/notes.txt"), "not a card").unwrap();

    sync_ok(&ann);
    let committed = git(repo, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(committed, format!("board/cards/{card}.ron"));
    let status = git(repo, &["status", "--porcelain", "--untracked-files=all"]);
    let mut status: Vec<&str> = status.lines().collect();
    status.sort();
    assert_eq!(
        status,
        [
            "?? board/.mlboard.lock",
            "?? board/cards/.mlboard-123.tmp",
            "?? board/cards/notes.txt",
            "?? notes.md",
            "A  train.py"
        ]
    );
}

#[test]
fn a_clone_made_before_the_board_existed_pulls_it_in() {
    let team = Team::new();
    let early = team.clone("early");
    assert!(!early.exists());
    let ann = team.with_board("ann");

    let mut lines = Vec::new();
    let report = sync::sync(&early, &mut |line| lines.push(line.to_string())).unwrap();
    assert_eq!(lines, ["committing…", "pulling…", "pushing…"]);
    assert!(
        report.pulled && !report.pushed && report.committed.is_none(),
        "{report:?}"
    );
    assert_eq!(report.message, "Synced (pulled 1 commit)");
    assert_eq!(snapshot(&early), snapshot(&ann));
}

#[test]
fn deletions_are_committed_and_described() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let card = column(&ann, Phase::Design)[0].clone();
    let name = title(&ann, &card);
    let mut store = open(&ann).store;
    apply(&mut store, "delete", FileOp::delete_card(&card));

    let report = sync_ok(&ann);
    assert_eq!(report.committed, Some(format!("Delete \"{name}\"")));
    let bob = team.clone("bob");
    assert!(!bob.join(format!("cards/{card}.ron")).exists());
    assert_no_problems(&bob);
}

#[test]
fn a_board_in_an_odd_directory_name_syncs() {
    isolate_git();
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["config", "user.name", "Solo"]);
    git(dir.path(), &["config", "user.email", "solo@example.com"]);
    // Glob characters and spaces are file names, never patterns.
    let board = dir.path().join("team ? [x] boards/my board");
    let (settings, cards) =
        template::starter(Template::Mlops, None, now(), &mut fastrand::Rng::new());
    Store::init(&board, &settings, &cards).unwrap();
    // A staged file whose path those characters would match as a glob stays staged.
    let card = format!("cards/{}.ron", cards[0].id);
    let decoy = dir.path().join("team a x boards/my board");
    std::fs::create_dir_all(decoy.join("cards")).unwrap();
    std::fs::write(decoy.join(&card), "not a card\n").unwrap();
    git(dir.path(), &["add", "team a x boards"]);

    sync_ok(&board);
    let committed = git(dir.path(), &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(committed.lines().count(), cards.len() + 1, "{committed}");
    assert!(
        committed
            .lines()
            .all(|f| f.starts_with("team ? [x] boards/my board/")),
        "{committed}"
    );
    let staged = git(dir.path(), &["diff", "--cached", "--name-only"]);
    assert_eq!(staged, format!("team a x boards/my board/{card}"));
}

#[test]
fn a_missing_identity_is_reported_and_nothing_is_staged() {
    isolate_git();
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "--quiet"]);
    // Without this git may make up an identity from the host name.
    git(dir.path(), &["config", "user.useConfigOnly", "true"]);
    let board = dir.path().join("board");
    let (settings, cards) =
        template::starter(Template::Empty, None, now(), &mut fastrand::Rng::new());
    Store::init(&board, &settings, &cards).unwrap();

    let err = sync::sync(&board, &mut |_| {}).unwrap_err();
    assert!(matches!(err, SyncError::NoIdentity(_)), "{err:?}");
    assert!(err.to_string().contains("git config user.email"), "{err}");
    assert_eq!(git(dir.path(), &["diff", "--cached", "--name-only"]), "");
}

#[test]
fn conflict_markers_left_in_a_card_are_never_committed() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let card = column(&ann, Phase::Design)[0].clone();
    let path = ann.join(format!("cards/{card}.ron"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("<<<<<<< HEAD\n{text}=======\n{text}>>>>>>> theirs\n"),
    )
    .unwrap();
    let head = git(repo_of(&ann), &["rev-parse", "HEAD"]);

    let err = sync::sync(&ann, &mut |_| {}).unwrap_err();
    let SyncError::Unresolved(files) = &err else {
        panic!("expected unresolved markers, got {err:?}");
    };
    assert_eq!(files, &[format!("board/cards/{card}.ron")]);
    assert!(err.to_string().contains("mlboard check"), "{err}");
    assert_eq!(git(repo_of(&ann), &["rev-parse", "HEAD"]), head);
    assert_eq!(git(repo_of(&ann), &["diff", "--cached", "--name-only"]), "");
}

/// A remote that never answers: `core.sshCommand` is a script that records its
/// process ids and sleeps. Returns the file the ids go to.
fn hang_remote(repo: &Path, dir: &Path) -> PathBuf {
    let pids = dir.join("hang.pids");
    let script = dir.join("hang-ssh.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ >> '{0}'\nsleep 600 &\necho $! >> '{0}'\nwait\n",
            pids.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    git(
        repo,
        &["config", "core.sshCommand", script.to_str().unwrap()],
    );
    git(
        repo,
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://git.example.invalid/team/board.git",
        ],
    );
    pids
}

/// Waits (bounded) until every process named in `pids` is gone; panics otherwise.
fn assert_all_gone(pids: &Path) {
    let ids: Vec<u32> = std::fs::read_to_string(pids)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect();
    assert!(!ids.is_empty(), "the hanging ssh never ran");
    let alive = |pid: &u32| {
        // A zombie (not reaped yet by whoever inherited it) is gone for our purpose.
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit(')')
                .next()
                .is_some_and(|s| !s.trim_start().starts_with('Z'))
        })
    };
    for _ in 0..200 {
        if !ids.iter().any(alive) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let left: Vec<&u32> = ids.iter().filter(|p| alive(p)).collect();
    panic!("processes left running: {left:?}");
}

fn point_back_at(repo: &Path, team: &Team) {
    git(repo, &["config", "--unset", "core.sshCommand"]);
    git(
        repo,
        &["remote", "set-url", "origin", team.remote.to_str().unwrap()],
    );
}

#[test]
fn a_remote_that_does_not_answer_is_stopped_and_a_later_sync_resumes() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let repo = repo_of(&ann).to_path_buf();
    let card = column(&ann, Phase::Design)[0].clone();
    move_card(&ann, &card, Phase::Development);
    let pids = hang_remote(&repo, team.dir.path());
    let limits = sync::Limits {
        timeout: std::time::Duration::from_secs(2),
        cancel: sync::Cancel::default(),
    };
    let err = sync::sync_with(&ann, &mut |_| {}, &limits).unwrap_err();
    assert!(matches!(err, sync::SyncError::Timeout { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("`git fetch` did not finish within 2 s (sync_timeout_s"),
        "{message}"
    );
    assert_all_gone(&pids);
    // The move is committed locally and git is idle: nothing half done.
    let last = git(&repo, &["log", "-1", "--format=%s"]);
    assert!(last.starts_with("Move"), "{last}");
    assert_eq!(git(&repo, &["status", "--porcelain"]), "");
    assert!(!repo.join(".git/index.lock").exists());
    // With the remote answering again, the same sync carries on and pushes.
    point_back_at(&repo, &team);
    let report = sync_ok(&ann);
    assert!(report.pushed && report.committed.is_none(), "{report:?}");
    let bob = team.clone("bob");
    assert_eq!(snapshot(&bob), snapshot(&ann));
}

#[test]
fn cancelling_a_sync_stops_git_and_everything_it_started() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let repo = repo_of(&ann).to_path_buf();
    let pids = hang_remote(&repo, team.dir.path());
    let cancel = sync::Cancel::default();
    let limits = sync::Limits {
        timeout: std::time::Duration::from_secs(600),
        cancel: cancel.clone(),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let board = ann.clone();
    std::thread::spawn(move || {
        let _ = tx.send(sync::sync_with(&board, &mut |_| {}, &limits));
    });
    // Cancel once the hanging ssh runs (as the TUI does when the user quits).
    for _ in 0..600 {
        if std::fs::read_to_string(&pids).is_ok_and(|t| t.lines().count() >= 2) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    cancel.cancel();
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("sync returned after the cancel");
    assert!(
        matches!(result, Err(sync::SyncError::Cancelled(_))),
        "{result:?}"
    );
    assert_all_gone(&pids);
    point_back_at(&repo, &team);
    sync_ok(&ann);
}

#[test]
fn mlboard_sync_honours_sync_timeout_s_and_exits_1() {
    let team = Team::new();
    let ann = team.with_board("ann");
    let repo = repo_of(&ann).to_path_buf();
    let pids = hang_remote(&repo, team.dir.path());
    let config = team.dir.path().join("config.ron");
    std::fs::write(&config, "(user_name: \"ann\", sync_timeout_s: 1)\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mlboard"))
        .arg("--board")
        .arg(&ann)
        .arg("sync")
        .env("MLBOARD_CONFIG", &config)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("did not finish within 1 s"), "{stderr}");
    assert_all_gone(&pids);
}
