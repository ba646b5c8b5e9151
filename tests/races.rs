//! Writers racing each other on one board: other programs writing at the worst
//! instant (driven by the store's race hook, not by sleeps), a TUI whose file watcher
//! read a version the user has not seen, and many mlboard processes hammering one
//! card. Every acknowledged change must be on disk, in the order the lock gave it.

mod common;

use common::*;
use mlboard::app::{Action, Effect, IoEvent};
use mlboard::model::{Card, Phase, Timestamp, ops};
use mlboard::store::format::card_to_ron;
use mlboard::store::lock::{BoardLock, LOCK_NAME};
use mlboard::store::{ApplyError, Change, FileOp, Loaded, Store};
use mlboard::worker::WorkerMsg;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn open(dir: &Path) -> Loaded {
    Store::open(dir).unwrap()
}

fn first_card(loaded: &Loaded) -> Card {
    loaded.board.cards_in_order().next().unwrap().clone()
}

fn moved(loaded: &Loaded, card: &Card, at: i64) -> Card {
    let key = loaded.board.key_of(&card.id).unwrap();
    let to = card.phase.next().or(card.phase.prev()).unwrap();
    ops::plan_move(
        &loaded.board,
        key,
        to,
        Timestamp::from_unix(at),
        "ann",
        true,
    )
    .unwrap()
    .card
}

/// The ways another program writes a file.
#[derive(Clone, Copy, Debug)]
enum Outside {
    /// Truncates and rewrites the same file (`echo > file`, many editors).
    InPlace,
    /// Writes a new file and renames it over (git, careful editors).
    RenameOver,
    /// Deletes it.
    Delete,
}

fn write_outside(path: &Path, how: Outside, text: &str) {
    match how {
        Outside::InPlace => fs::write(path, text).unwrap(),
        Outside::RenameOver => {
            let tmp = path.with_extension("outside");
            fs::write(&tmp, text).unwrap();
            fs::rename(&tmp, path).unwrap();
        }
        Outside::Delete => fs::remove_file(path).unwrap(),
    }
}

/// A hook that writes `text` to the file the first time it runs.
fn once(how: Outside, text: String) -> impl FnMut(&Path) + Send + 'static {
    let mut pending = Some(text);
    move |path: &Path| {
        if let Some(text) = pending.take() {
            write_outside(path, how, &text);
        }
    }
}

#[test]
fn an_outside_writer_at_the_worst_instant_is_never_overwritten() {
    let (_tmp, dir) = temp_board();
    let mut loaded = open(&dir);
    let mut card = first_card(&loaded);
    let rel = format!("cards/{}.ron", card.id);
    let path = dir.join(&rel);
    let ways = [Outside::InPlace, Outside::RenameOver, Outside::Delete];
    for round in 0..60 {
        let how = ways[round % ways.len()];
        let mut theirs = card.clone();
        theirs.title = format!("Their edit {round}").into();
        let their_text = card_to_ron(&theirs);
        loaded.store.set_race_hook(once(how, their_text.clone()));
        let mine = moved(&loaded, &card, NOW + round as i64);
        let result = loaded
            .store
            .apply(&Change::new("move", vec![FileOp::write_card(&mine)]));
        assert!(
            matches!(result, Err(ApplyError::ChangedOnDisk(ref r)) if *r == rel),
            "round {round} ({how:?}): {result:?}"
        );
        match how {
            Outside::Delete => assert!(!path.exists(), "round {round}: not brought back"),
            _ => assert_eq!(
                fs::read_to_string(&path).unwrap(),
                their_text,
                "round {round}"
            ),
        }
        let leftovers: Vec<_> = fs::read_dir(dir.join("cards"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
        // Put the card back (as the user would after the reload) for the next round.
        loaded.store.set_race_hook(|_: &Path| {});
        if matches!(how, Outside::Delete) {
            fs::write(&path, card_to_ron(&card)).unwrap();
        } else {
            card = theirs;
        }
        loaded.store.reload(&rel);
        loaded.board.upsert(card.clone());
    }
}

#[test]
fn an_outside_writer_racing_a_new_file_or_a_deletion_keeps_its_version() {
    let (_tmp, dir) = temp_board();
    let mut loaded = open(&dir);
    let card = first_card(&loaded);
    // A new card whose file someone else creates at the last instant.
    let mut new = card.clone();
    new.id = "zz99new1".parse().unwrap();
    let new_path = dir.join(format!("cards/{}.ron", new.id));
    loaded
        .store
        .set_race_hook(once(Outside::InPlace, "theirs".to_string()));
    let result = loaded
        .store
        .apply(&Change::new("add", vec![FileOp::write_card(&new)]));
    assert!(
        matches!(result, Err(ApplyError::ChangedOnDisk(_))),
        "{result:?}"
    );
    assert_eq!(fs::read_to_string(&new_path).unwrap(), "theirs");
    // A deletion of a file someone rewrites at the last instant.
    let path = dir.join(format!("cards/{}.ron", card.id));
    for how in [Outside::InPlace, Outside::RenameOver] {
        let mut theirs = card.clone();
        theirs.title = format!("Theirs {how:?}").into();
        let text = card_to_ron(&theirs);
        loaded.store.set_race_hook(once(how, text.clone()));
        let result = loaded
            .store
            .apply(&Change::new("delete", vec![FileOp::delete_card(&card.id)]));
        assert!(
            matches!(result, Err(ApplyError::ChangedOnDisk(_))),
            "{how:?}: {result:?}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), text, "{how:?}");
        fs::write(&path, card_to_ron(&card)).unwrap();
        loaded.store.reload(&format!("cards/{}.ron", card.id));
    }
}

#[test]
fn a_change_of_several_files_is_written_whole_or_not_at_all() {
    let (_tmp, dir) = temp_board();
    let mut loaded = open(&dir);
    let mut cards = loaded.board.cards_in_order().take(2).cloned();
    let (a, b) = (cards.next().unwrap(), cards.next().unwrap());
    let (path_a, path_b) = (
        dir.join(format!("cards/{}.ron", a.id)),
        dir.join(format!("cards/{}.ron", b.id)),
    );
    let before_a = fs::read_to_string(&path_a).unwrap();
    let their_b = "someone else's b".to_string();
    // The hook runs before each file; the second file is raced.
    let mut calls = 0;
    let theirs = their_b.clone();
    loaded.store.set_race_hook(move |path: &Path| {
        calls += 1;
        if calls == 2 {
            fs::write(path, &theirs).unwrap();
        }
    });
    let (ma, mb) = (moved(&loaded, &a, NOW + 1), moved(&loaded, &b, NOW + 1));
    let result = loaded.store.apply(&Change::new(
        "two",
        vec![FileOp::write_card(&ma), FileOp::write_card(&mb)],
    ));
    assert!(
        matches!(result, Err(ApplyError::ChangedOnDisk(_))),
        "{result:?}"
    );
    assert_eq!(fs::read_to_string(&path_a).unwrap(), before_a, "a put back");
    assert_eq!(fs::read_to_string(&path_b).unwrap(), their_b, "b is theirs");
}

#[test]
fn a_lock_held_too_long_is_reported_and_nothing_is_written() {
    let (_tmp, dir) = temp_board();
    let mut loaded = open(&dir);
    let card = first_card(&loaded);
    let path = dir.join(format!("cards/{}.ron", card.id));
    let before = fs::read(&path).unwrap();
    let held = BoardLock::acquire(&dir, Duration::from_secs(1)).unwrap();
    loaded.store.set_lock_wait(Duration::from_millis(50));
    let mine = moved(&loaded, &card, NOW + 1);
    let result = loaded
        .store
        .apply(&Change::new("move", vec![FileOp::write_card(&mine)]));
    let message = result.unwrap_err().to_string();
    assert!(message.contains("locked"), "{message}");
    assert_eq!(fs::read(&path).unwrap(), before);
    drop(held);
    assert!(!dir.join(LOCK_NAME).exists());
    loaded
        .store
        .apply(&Change::new("move", vec![FileOp::write_card(&mine)]))
        .unwrap();
    assert!(
        !dir.join(LOCK_NAME).exists(),
        "no lock file left for git status"
    );
}

/// The TUI's save carries what the user saw: a version the watcher read but the app
/// had not applied yet refuses the save, even though the store "knows" it.
#[test]
fn a_save_made_before_the_app_saw_a_new_version_is_refused() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let rel = format!("cards/{id}.ron");
    let path = dir.join(&rel);
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"Define", "title: \"Theirs: define");
    fs::write(&path, &theirs).unwrap();
    // The watcher's read reaches the worker, but its event is still on its way.
    let event = h
        .worker
        .handle(WorkerMsg::FilesChanged(vec![rel.clone()]))
        .expect("the worker read the new version");
    h.app.update(ch('L'));
    let effects = h.app.take_effects();
    let [Effect::Save(change)] = &effects[..] else {
        panic!("{effects:?}")
    };
    let answer = h.worker.handle(WorkerMsg::Save(change.clone())).unwrap();
    assert!(matches!(answer, IoEvent::Refused { .. }), "{answer:?}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "never overwritten"
    );
    h.app.update(Action::Io(event));
    h.app.update(Action::Io(answer));
    assert!(
        h.status().contains("changed by someone else"),
        "{}",
        h.status()
    );
    let card = h.app.board.card_by_id(&id).unwrap();
    assert!(card.title.starts_with("Theirs"));
    assert_eq!(card.phase, Phase::Design);
    // Now that the user has seen it, the same move goes through.
    h.send(ch('L'));
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("Theirs: define") && text.contains("phase: Development"),
        "{text} / {} / {:?}",
        h.status(),
        h.selected().map(|c| c.title.clone())
    );
}

/// The session's messages, oldest first.
fn said(h: &Harness) -> Vec<String> {
    let mut all: Vec<String> = h
        .app
        .messages
        .newest_first()
        .map(|m| m.text.clone())
        .collect();
    all.reverse();
    all
}

fn card_form(h: &Harness) -> &mlboard::app::card_form::CardForm {
    match &h.app.popup {
        Some(mlboard::app::popup::Popup::CardForm(form)) => form,
        _ => panic!("a card form should be open: {}", h.status()),
    }
}

/// An edit form shows the card as it was when it opened: a version that arrives
/// while it is open refuses its save, rather than overwriting the other edit. What
/// the user typed is not lost: the form opens again on the card as it is now, with
/// the user's changes on top, and nothing says "Saved".
#[test]
fn an_edit_begun_before_an_outside_change_is_refused_and_kept() {
    use mlboard::app::form::FieldId;
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let title = h.selected().unwrap().title.to_string();
    let rel = format!("cards/{id}.ron");
    let path = dir.join(&rel);
    h.send(ch('e'));
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replace("description: \"", "description: \"Their note. ");
    fs::write(&path, &theirs).unwrap();
    h.files_changed(&[&rel]);
    h.keys(" FROM-A");
    h.send(ctrl('s'));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "never overwritten"
    );
    let status = h.status();
    assert!(
        status.contains("changed by someone else") && status.contains("Your edit was not saved"),
        "{status}"
    );
    assert!(
        !said(&h).iter().any(|m| m.starts_with("Saved")),
        "{:?}",
        said(&h)
    );
    // The form is open again: the typed title, their description.
    let form = card_form(&h);
    assert_eq!(form.form.text(FieldId::Title), format!("{title} FROM-A"));
    assert!(
        form.form
            .text(FieldId::Description)
            .starts_with("Their note. ")
    );
    assert!(form.form.error.as_deref().unwrap().contains("not saved"));
    // Saving again keeps both changes, and only now says "Saved".
    h.send(ctrl('s'));
    assert!(h.app.popup.is_none(), "{}", h.status());
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("Their note.") && text.contains(" FROM-A\""),
        "{text}"
    );
    assert_eq!(h.status(), format!("Saved \"{title} FROM-A\""));
}

/// Both changed the same field: the form keeps the user's value and says so.
#[test]
fn a_field_changed_on_both_sides_keeps_the_users_value_in_the_form() {
    use mlboard::app::form::FieldId;
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let rel = format!("cards/{id}.ron");
    let path = dir.join(&rel);
    h.send(ch('e'));
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"", "title: \"Theirs ");
    fs::write(&path, &theirs).unwrap();
    h.files_changed(&[&rel]);
    h.send(ctrl('u'));
    h.keys("Mine");
    h.send(key(crossterm::event::KeyCode::Enter));
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert!(
        h.status().contains("your title replacing theirs"),
        "{}",
        h.status()
    );
    assert_eq!(card_form(&h).form.text(FieldId::Title), "Mine");
    // Esc drops the edit: their version stays.
    h.send(key(crossterm::event::KeyCode::Esc));
    assert!(h.app.popup.is_none());
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
}

/// `$EDITOR` returns after someone else changed the card: the description typed in
/// the editor is not lost (the form opens with it, on the card as it is now), and
/// no "Saved the description" is said before a save is confirmed.
#[test]
fn an_editor_text_refused_by_an_outside_change_is_kept_in_the_form() {
    use mlboard::app::form::FieldId;
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let rel = format!("cards/{id}.ron");
    let path = dir.join(&rel);
    h.send(ch('E')); // the harness does not run the editor: its result comes below
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replace("title: \"", "title: \"changed during editor ");
    fs::write(&path, &theirs).unwrap();
    h.files_changed(&[&rel]);
    h.send(Action::EditorDone {
        card: id.clone(),
        result: Ok(Some("Written in the editor.\nSecond line.".to_string())),
    });
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "never overwritten"
    );
    assert!(
        !said(&h).iter().any(|m| m.starts_with("Saved")),
        "{:?}",
        said(&h)
    );
    assert!(
        h.status().contains("Your edit was not saved"),
        "{}",
        h.status()
    );
    let form = card_form(&h);
    assert_eq!(
        form.form.text(FieldId::Description),
        "Written in the editor.\nSecond line."
    );
    assert!(
        form.form
            .text(FieldId::Title)
            .starts_with("changed during editor ")
    );
    assert_eq!(form.form.focused_id(), Some(FieldId::Description));
    h.send(ctrl('s'));
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("changed during editor") && text.contains("Written in the editor."),
        "{text}"
    );
    assert!(h.status().starts_with("Saved"), "{}", h.status());
}

fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A FIFO created while the board is open: the save fails and says so (never
/// "Saved"), nothing blocks, and the FIFO is left alone.
#[test]
fn a_save_to_a_file_that_became_a_fifo_fails() {
    let (_tmp, dir) = temp_board();
    let mut h = Harness::open(&dir);
    let id = h.selected().unwrap().id.clone();
    let rel = format!("cards/{id}.ron");
    let path = dir.join(&rel);
    fs::remove_file(&path).unwrap();
    fifo(&path);
    h.app.update(ch('L'));
    let effects = h.app.take_effects();
    let [Effect::Save(change)] = &effects[..] else {
        panic!("{effects:?}")
    };
    let answer = h.worker.handle(WorkerMsg::Save(change.clone())).unwrap();
    let IoEvent::Refused { message, .. } = &answer else {
        panic!("{answer:?}")
    };
    assert!(message.contains("FIFO"), "{message}");
    h.app.update(Action::Io(answer));
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&path).unwrap().file_type().is_fifo());
    assert!(
        h.app
            .problems
            .iter()
            .any(|p| p.rel == rel && p.message.contains("FIFO"))
    );
}

// ---- many processes on one board ----

/// One acknowledged or refused operation of a hammering process.
#[derive(Debug, Default)]
struct Tally {
    moves_of_shared: usize,
    moves_of_own: usize,
    reviews: Vec<String>,
    refused: usize,
}

fn user_config(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.ron"));
    fs::write(&path, format!("(user_name: \"{name}\")")).unwrap();
    path
}

/// A CLI process's loop: moves of the shared card, reviews of another card, moves of
/// its own card, each a separate `mlboard` process.
fn hammer_cli(board: &Path, config: &Path, me: &str, ids: [&str; 3], ops: usize) -> Tally {
    let [shared, reviewed, own] = ids;
    let mut rng = fastrand::Rng::with_seed(me.bytes().map(u64::from).sum());
    let mut tally = Tally::default();
    for k in 0..ops {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mlboard"));
        command
            .arg("--board")
            .arg(board)
            .env("MLBOARD_CONFIG", config);
        let direction = if rng.bool() { "next" } else { "prev" };
        let note = format!("{me}-{k}");
        let which = rng.usize(0..3);
        match which {
            0 => command.args(["move", shared, direction, "--force"]),
            1 => command.args(["review", reviewed, "--verdict", "continue", "--note", &note]),
            _ => command.args(["move", own, direction, "--force"]),
        };
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("reading this board"),
            "{me} read a torn board: {stderr}"
        );
        if output.status.success() {
            match which {
                0 => tally.moves_of_shared += 1,
                1 => tally.reviews.push(note),
                _ => tally.moves_of_own += 1,
            }
        } else {
            assert_eq!(output.status.code(), Some(1), "{stderr}");
            let expected =
                stderr.contains("changed by someone else") || stderr.contains("already in the");
            assert!(expected, "{me}: unexpected failure: {stderr}");
            tally.refused += 1;
        }
    }
    tally
}

/// A headless app with the real worker, moving the shared card until `running` is
/// cleared (at most `max_ops` moves): the watcher is simulated by refreshing the
/// card before each key.
fn hammer_app(board: &Path, shared: &str, running: &AtomicBool, max_ops: usize) -> Tally {
    let mut h = Harness::open(board);
    let rel = format!("cards/{shared}.ron");
    let mut tally = Tally::default();
    for _ in 0..max_ops {
        if !running.load(Ordering::Relaxed) {
            break;
        }
        h.files_changed(&[&rel]);
        let id = shared.parse().unwrap();
        let Some(key) = h.app.board.key_of(&id) else {
            continue;
        };
        let phase = h.app.board.card(key).phase;
        h.app.view.select_card(phase, key);
        let forward = match phase {
            Phase::Design => true,
            Phase::Deployment => false,
            Phase::Development => fastrand::bool(),
        };
        h.app.update(ch(if forward { 'L' } else { 'H' }));
        for effect in h.app.take_effects() {
            let Effect::Save(change) = effect else {
                continue;
            };
            let answer = h.worker.handle(WorkerMsg::Save(change)).unwrap();
            match &answer {
                IoEvent::Saved { .. } => tally.moves_of_shared += 1,
                IoEvent::Refused { message, .. } => {
                    assert!(message.contains("changed by someone else"), "{message}");
                    tally.refused += 1;
                }
                other => panic!("{other:?}"),
            }
            h.app.update(Action::Io(answer));
        }
    }
    tally
}

#[test]
fn many_writers_on_one_board_lose_no_acknowledged_change() {
    const PROCESSES: usize = 3;
    const OPS: usize = 24;
    let (tmp, dir) = temp_board();
    let loaded = open(&dir);
    let ids: Vec<String> = loaded
        .board
        .cards_in_order()
        .map(|c| c.id.to_string())
        .collect();
    let shared = ids[0].clone();
    let reviewed = ids[1].clone();
    let names: Vec<String> = (0..PROCESSES).map(|i| format!("p{i}")).collect();
    let results = Arc::new(Mutex::new(Vec::new()));
    let running = AtomicBool::new(true);
    std::thread::scope(|scope| {
        let clis: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, me)| {
                let (dir, results) = (&dir, results.clone());
                let config = user_config(tmp.path(), me);
                let ids = [shared.as_str(), reviewed.as_str(), ids[2 + i].as_str()];
                scope.spawn(move || {
                    let tally = hammer_cli(dir, &config, me, ids, OPS);
                    results.lock().unwrap().push((me.clone(), tally));
                })
            })
            .collect();
        let (dir, app_results, shared, running) = (&dir, results.clone(), &shared, &running);
        scope.spawn(move || {
            let tally = hammer_app(dir, shared, running, 20 * OPS * PROCESSES);
            app_results.lock().unwrap().push(("ann".to_string(), tally));
        });
        for cli in clis {
            let done = cli.join();
            if done.is_err() {
                running.store(false, Ordering::Relaxed);
                std::panic::resume_unwind(Box::new("a CLI process thread panicked"));
            }
        }
        running.store(false, Ordering::Relaxed);
    });
    let results = results.lock().unwrap();
    eprintln!("{results:?}");
    let after = open(&dir);
    assert!(after.problems.is_empty(), "{:?}", after.problems);
    // Every acknowledged move of the shared card is in its history, by its author...
    let card = after.board.card_by_id(&shared.parse().unwrap()).unwrap();
    let total: usize = results.iter().map(|(_, t)| t.moves_of_shared).sum();
    assert_eq!(card.history.len(), total, "{results:?}");
    for (who, tally) in results.iter() {
        let recorded = card.history.iter().filter(|m| m.by == *who).count();
        assert_eq!(recorded, tally.moves_of_shared, "moves by {who}");
    }
    // ... in the lock's order: each move starts where the one before it ended.
    let original = first_card(&loaded).phase;
    let mut phase = original;
    for step in &card.history {
        assert_eq!(step.from, phase, "{:?}", card.history);
        phase = step.to;
    }
    assert_eq!(phase, card.phase);
    // Every acknowledged review is a file; nothing unacknowledged was written.
    let mut notes: Vec<String> = after.board.reviews().map(|r| r.note.to_string()).collect();
    let mut acknowledged: Vec<String> = results
        .iter()
        .flat_map(|(_, t)| t.reviews.iter().cloned())
        .collect();
    notes.sort();
    acknowledged.sort();
    assert_eq!(notes, acknowledged);
    // Each process's own card has exactly its acknowledged moves.
    for (i, who) in names.iter().enumerate() {
        let (_, tally) = results.iter().find(|(w, _)| w == who).unwrap();
        let own = after
            .board
            .card_by_id(&ids[2 + i].parse().unwrap())
            .unwrap();
        assert_eq!(own.history.len(), tally.moves_of_own, "own card of {who}");
    }
    assert!(!dir.join(LOCK_NAME).exists());
}
