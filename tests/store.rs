//! The board directory on disk: canonical bytes, atomic and minimal writes, refusal
//! to overwrite others' changes, and every kind of bad input reported, never touched.

mod common;

use common::*;
use mlboard::model::{Phase, Timestamp, ops};
use mlboard::store::format::card_to_ron;
use mlboard::store::{ApplyError, Change, FileOp, Store, StoreError};
use std::path::Path;

fn card_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("cards"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_card_round_trips_byte_for_byte() {
    let (_tmp, dir) = temp_board();
    let loaded = Store::open(&dir).unwrap();
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.board.len(), 20);
    for card in loaded.board.cards_in_order() {
        let on_disk = std::fs::read_to_string(dir.join(format!("cards/{}.ron", card.id))).unwrap();
        assert_eq!(card_to_ron(card), on_disk);
        assert!(on_disk.ends_with(")\n") && !on_disk.contains('\r'));
    }
}

#[test]
fn only_changed_files_are_written() {
    let (_tmp, dir) = temp_board();
    let mut loaded = Store::open(&dir).unwrap();
    let card = loaded.board.cards_in_order().next().unwrap().clone();
    let path = dir.join(format!("cards/{}.ron", card.id));
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let same = Change::new("nothing", vec![FileOp::write_card(&card)]);
    assert!(loaded.store.apply(&same).unwrap().is_empty());
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    // a real change writes that one file, atomically, leaving no temporary file behind
    let key = loaded.board.key_of(&card.id).unwrap();
    let plan = ops::plan_move(
        &loaded.board,
        key,
        Phase::Development,
        Timestamp::from_unix(NOW + 60),
        "ann",
        false,
    )
    .unwrap();
    let before = snapshot_files(&dir);
    let applied = loaded
        .store
        .apply(&Change::new("move", vec![FileOp::write_card(&plan.card)]))
        .unwrap();
    assert_eq!(applied.len(), 1);
    assert_eq!(
        changed_files(&before, &snapshot_files(&dir)),
        [format!("cards/{}.ron", card.id)]
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("cards"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten() {
    let (_tmp, dir) = temp_board();
    let mut loaded = Store::open(&dir).unwrap();
    let mut card = loaded.board.cards_in_order().next().unwrap().clone();
    let path = dir.join(format!("cards/{}.ron", card.id));
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("rank:", "rank:  ");
    std::fs::write(&path, &theirs).unwrap();
    card.title = "Mine".into();
    let result = loaded
        .store
        .apply(&Change::new("edit", vec![FileOp::write_card(&card)]));
    assert!(
        matches!(result, Err(ApplyError::ChangedOnDisk(_))),
        "{result:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // a deleted file is a change too
    std::fs::remove_file(&path).unwrap();
    let result = loaded
        .store
        .apply(&Change::new("edit", vec![FileOp::write_card(&card)]));
    assert!(matches!(result, Err(ApplyError::ChangedOnDisk(_))));
    assert!(!path.exists());
}

/// One bad file, what its problem must say, and where.
struct Bad {
    name: &'static str,
    content: Vec<u8>,
    line: usize,
    says: &'static str,
}

fn bad_files() -> Vec<Bad> {
    let card = |phase: &str, roles: &str, id: &str| {
        format!(
            "(\n    id: \"{id}\",\n    title: \"t\",\n    description: \"\",\n    phase: {phase},\n    rank: \"n\",\n    roles: [{roles}],\n    created: \"2026-11-26T13:00:00Z\",\n    archived: None,\n    history: [],\n)\n"
        )
        .into_bytes()
    };
    vec![
        Bad { name: "cards/syntax1.ron", content: b"(\n    id: \"syntax1\",\n    title: \"unclosed,\n".to_vec(), line: 3, says: "" },
        Bad { name: "cards/conflict.ron", content: b"(\n    id: \"conflict\",\n<<<<<<< HEAD\n    phase: Design,\n=======\n    phase: Deployment,\n>>>>>>> theirs\n)\n".to_vec(), line: 3, says: "merge conflict" },
        Bad { name: "cards/phase1.ron", content: card("Testing", "", "phase1"), line: 5, says: "Development" },
        Bad { name: "cards/role1.ron", content: card("Design", "DataWizard", "role1"), line: 7, says: "DataScientist" },
        Bad { name: "cards/mismatch.ron", content: card("Design", "", "other1"), line: 2, says: "does not match" },
        Bad { name: "cards/BADNAME.ron", content: card("Design", "", "BADNAME"), line: 1, says: "not a valid id" },
        Bad { name: "cards/big1.ron", content: vec![b' '; 1024 * 1024 + 1], line: 1, says: "1 MiB" },
        Bad { name: "cards/binary1.ron", content: vec![0xff, 0xfe, 0x00], line: 1, says: "UTF-8" },
        Bad { name: "cards/bom1.ron", content: [b"\xEF\xBB\xBF".as_slice(), &card("Design", "", "bom1")].concat(), line: 1, says: "byte-order mark" },
        Bad { name: "reviews/orphan1.ron", content: b"(\n    id: \"orphan1\",\n    card: \"nosuchcard\",\n    at: \"2026-11-26T14:05:00Z\",\n    phase: Design,\n    reviewer: \"Bob\",\n    role: BusinessStakeholder,\n    verdict: Continue,\n    note: \"\",\n)\n".to_vec(), line: 3, says: "does not exist" },
        Bad { name: "reviews/verdict1.ron", content: b"(\n    id: \"verdict1\",\n    card: \"nosuchcard\",\n    at: \"2026-11-26T14:05:00Z\",\n    phase: Design,\n    reviewer: \"Bob\",\n    role: BusinessStakeholder,\n    verdict: Maybe,\n    note: \"\",\n)\n".to_vec(), line: 8, says: "Continue" },
        Bad { name: "reviews/role2.ron", content: b"(\n    id: \"role2\",\n    card: \"nosuchcard\",\n    at: \"2026-11-26T14:05:00Z\",\n    phase: Design,\n    reviewer: \"Bob\",\n    role: DataScientist,\n    verdict: Stop,\n    note: \"\",\n)\n".to_vec(), line: 7, says: "SubjectMatterExpert" },
    ]
}

#[test]
fn every_bad_file_is_reported_where_it_is_and_left_untouched() {
    let (_tmp, dir) = temp_board();
    for bad in bad_files() {
        std::fs::write(dir.join(bad.name), &bad.content).unwrap();
    }
    // files mlboard ignores: its own temporary files, editors' backups
    std::fs::write(dir.join("cards/.mlboard-abc.tmp"), "garbage").unwrap();
    std::fs::write(dir.join("cards/notes.txt"), "garbage").unwrap();
    let before = snapshot_files(&dir);
    let loaded = Store::open(&dir).unwrap();
    assert_eq!(loaded.board.len(), 20, "the good cards still load");
    for bad in bad_files() {
        let problem = loaded
            .problems
            .iter()
            .find(|p| p.rel == bad.name)
            .unwrap_or_else(|| panic!("{} not reported: {:?}", bad.name, loaded.problems));
        let shown = problem.to_string();
        let prefix = format!("{}:{}:", dir.join(bad.name).display(), bad.line);
        assert!(
            shown.starts_with(&prefix),
            "{shown} should start with {prefix}"
        );
        assert!(
            shown.contains(bad.says),
            "{shown} should say {:?}",
            bad.says
        );
    }
    assert_eq!(
        loaded.problems.len(),
        bad_files().len(),
        "{:?}",
        loaded.problems
    );
    assert_eq!(snapshot_files(&dir), before, "nothing touched");
}

#[test]
fn a_newer_format_opens_read_only() {
    let (_tmp, dir) = temp_board();
    let text = std::fs::read_to_string(dir.join("board.ron"))
        .unwrap()
        .replace("format: 1", "format: 2");
    std::fs::write(dir.join("board.ron"), text).unwrap();
    let mut loaded = Store::open(&dir).unwrap();
    let reason = loaded.store.read_only().expect("read-only").to_string();
    assert!(reason.contains("newer"), "{reason}");
    let card = loaded.board.cards_in_order().next().unwrap().clone();
    let result = loaded
        .store
        .apply(&Change::new("x", vec![FileOp::write_card(&card)]));
    assert!(matches!(result, Err(ApplyError::ReadOnly(_))));
}

#[test]
fn a_broken_board_ron_is_reported_and_the_cards_still_open() {
    let (_tmp, dir) = temp_board();
    std::fs::write(
        dir.join("board.ron"),
        "(format: 1, name: \"x\", gate: Sometimes)",
    )
    .unwrap();
    let loaded = Store::open(&dir).unwrap();
    assert_eq!(loaded.board.len(), 20);
    assert!(
        loaded.problems[0].to_string().contains("board.ron:1:"),
        "{:?}",
        loaded.problems
    );
}

#[test]
fn init_refuses_an_existing_board_and_open_refuses_a_missing_one() {
    let (tmp, dir) = temp_board();
    let before = snapshot_files(&dir);
    let (settings, cards) = mlboard::store::template::starter(
        mlboard::store::template::Template::Empty,
        None,
        now(),
        &mut fastrand::Rng::with_seed(1),
    );
    assert!(matches!(
        Store::init(&dir, &settings, &cards),
        Err(StoreError::AlreadyExists(_))
    ));
    assert_eq!(snapshot_files(&dir), before);
    let missing = Store::open(&tmp.path().join("nowhere"));
    let message = missing.err().unwrap().to_string();
    assert!(message.contains("mlboard init"), "{message}");
}

#[test]
fn cards_in_files_sort_by_rank_then_id() {
    let (_tmp, dir) = temp_board();
    let files = card_files(&dir);
    assert_eq!(files.len(), 20);
    let loaded = Store::open(&dir).unwrap();
    let design: Vec<&str> = loaded
        .board
        .column(Phase::Design)
        .iter()
        .map(|k| &*loaded.board.card(*k).title)
        .collect();
    assert_eq!(
        design[0],
        "Define the problem and the business requirements"
    );
    assert_eq!(design.len(), 7);
}

/// Sets a file's modification time `secs` seconds into the past.
fn age(path: &Path, secs: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
    std::fs::File::open(path)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

#[test]
fn crash_leftovers_over_an_hour_old_are_removed_and_nothing_else() {
    let (_tmp, dir) = temp_board();
    std::fs::create_dir_all(dir.join("reviews")).unwrap();
    let old = [
        ".mlboard-aaaa.tmp",
        "cards/.mlboard-bbbb.tmp",
        "reviews/.mlboard-cccc.tmp",
    ];
    let kept = [
        ".mlboard-young.tmp",
        "cards/.mlboard-young.tmp",
        "cards/.other-dotfile",
        "cards/.mlboard-x.tmp.swp",
        "cards/.mlboard-.tmp",
        ".mlboard-notes",
        "notes.tmp",
    ];
    for rel in old.iter().chain(&kept) {
        std::fs::write(dir.join(rel), "leftover").unwrap();
    }
    for rel in old.iter().chain(&kept[2..]) {
        age(&dir.join(rel), 2 * 60 * 60);
    }
    // Old, but not a regular file: never removed.
    std::fs::create_dir(dir.join("cards/.mlboard-dir.tmp")).unwrap();
    age(&dir.join("cards/.mlboard-dir.tmp"), 2 * 60 * 60);
    std::os::unix::fs::symlink(dir.join("notes.tmp"), dir.join("cards/.mlboard-link.tmp")).unwrap();

    let loaded = Store::open(&dir).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    for rel in old {
        assert!(!dir.join(rel).exists(), "{rel} removed");
    }
    for rel in kept
        .iter()
        .chain(&["cards/.mlboard-dir.tmp", "cards/.mlboard-link.tmp"])
    {
        assert!(
            std::fs::symlink_metadata(dir.join(rel)).is_ok(),
            "{rel} kept"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.tmp")).unwrap(),
        "leftover"
    );
}

#[test]
fn a_lock_file_left_by_a_killed_writer_goes_when_the_board_opens() {
    use mlboard::store::lock::{BoardLock, LOCK_NAME};
    let (_tmp, dir) = temp_board();
    std::fs::write(dir.join(LOCK_NAME), "").unwrap();
    Store::open(&dir).unwrap();
    assert!(!dir.join(LOCK_NAME).exists());
    // One another writer holds is left alone.
    let held = BoardLock::acquire(&dir, std::time::Duration::from_secs(1)).unwrap();
    Store::open(&dir).unwrap();
    assert!(dir.join(LOCK_NAME).exists());
    drop(held);
}
