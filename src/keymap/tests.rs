//! The key map: defaults, overrides in every mode, reports, hints.
use super::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

const BOARD: &[Mode] = &[Mode::Global, Mode::Board];

#[test]
fn the_built_in_file_binds_every_command_of_every_mode() {
    let sections = file::parse(DEFAULT_KEYS).expect("assets/keys.ron parses");
    let map = KeyMap::default();
    for mode in Mode::ALL {
        assert!(sections.iter().any(|(m, _)| *m == mode), "{mode:?}");
        for binding in map.bindings(mode) {
            assert!(
                !binding.keys.is_empty(),
                "{mode:?} {:?} has no key",
                binding.command
            );
        }
    }
}

#[test]
fn no_default_key_runs_two_commands_of_one_mode() {
    let map = KeyMap::default();
    for mode in Mode::ALL {
        let mut seen: Vec<Key> = Vec::new();
        for binding in map.bindings(mode) {
            for key in &binding.keys {
                assert!(!seen.contains(key), "{mode:?} {}", key.label());
                seen.push(*key);
            }
        }
    }
}

#[test]
fn a_command_is_one_thing_in_each_stack() {
    // `update` routes a command by where the keyboard is, so within one stack a
    // command name must not mean two different things.
    for stack in STACKS {
        for (i, a) in stack.iter().enumerate() {
            for b in &stack[i + 1..] {
                for spec in a.specs() {
                    if b.has(spec.command) {
                        assert!(
                            spec.command == Command::Quit,
                            "{:?} in {a:?} and {b:?}",
                            spec.command
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn vim_keys_and_arrows_agree() {
    let map = KeyMap::default();
    let none = KeyModifiers::NONE;
    let shift = KeyModifiers::SHIFT;
    let on_board = |code, mods| map.resolve(BOARD, &event(code, mods));
    assert_eq!(on_board(KeyCode::Char('l'), none), Some(Command::FocusNext));
    assert_eq!(on_board(KeyCode::Right, none), Some(Command::FocusNext));
    assert_eq!(
        on_board(KeyCode::Char('L'), shift),
        Some(Command::MoveNextPhase)
    );
    assert_eq!(
        on_board(KeyCode::Right, shift),
        Some(Command::MoveNextPhase)
    );
    assert_eq!(on_board(KeyCode::Up, shift), Some(Command::MoveUp));
    assert_eq!(on_board(KeyCode::Char('r'), none), Some(Command::Review));
    assert_eq!(
        on_board(KeyCode::Char('r'), KeyModifiers::CONTROL),
        Some(Command::Redo)
    );
    assert_eq!(
        on_board(KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Command::Quit)
    );
    assert_eq!(on_board(KeyCode::Char('c'), none), None);
}

#[test]
fn each_mode_has_its_own_keys() {
    let map = KeyMap::default();
    let none = KeyModifiers::NONE;
    let form_text = [Mode::Global, Mode::Form, Mode::Text];
    let at = |stack: &[Mode], code| map.resolve(stack, &event(code, none));
    assert_eq!(at(&form_text, KeyCode::Tab), Some(Command::NextField));
    assert_eq!(at(&form_text, KeyCode::Enter), Some(Command::Submit));
    assert_eq!(
        at(&form_text, KeyCode::Char('j')),
        None,
        "typed, not a command"
    );
    let search = [Mode::Global, Mode::Search, Mode::Text];
    assert_eq!(at(&search, KeyCode::Down), Some(Command::Down));
    assert_eq!(at(&search, KeyCode::Left), Some(Command::CursorLeft));
    let scroll = [Mode::Global, Mode::Scroll];
    assert_eq!(at(&scroll, KeyCode::Char('G')), Some(Command::Last));
    assert_eq!(at(&scroll, KeyCode::PageDown), Some(Command::PageDown));
    let confirm = [Mode::Global, Mode::Confirm];
    assert_eq!(at(&confirm, KeyCode::Char('y')), Some(Command::Yes));
    assert_eq!(at(&confirm, KeyCode::Esc), Some(Command::No));
    let picker = [Mode::Global, Mode::Picker];
    assert_eq!(at(&picker, KeyCode::Char(' ')), Some(Command::Toggle));
    let choice = [Mode::Global, Mode::Form, Mode::Choice];
    assert_eq!(at(&choice, KeyCode::Char('l')), Some(Command::NextChoice));
    assert_eq!(
        map.resolve(&form_text, &event(KeyCode::Char('b'), KeyModifiers::ALT)),
        Some(Command::WordLeft)
    );
}

#[test]
fn a_user_file_overrides_only_what_it_names_in_any_mode() {
    let (map, notes) = KeyMap::with_user_file(
        r#"( board: { Delete: ["x", "ctrl+d"], Quit: ["Q"] }, form: { Save: ["ctrl+w"] } )"#,
    )
    .unwrap();
    let none = KeyModifiers::NONE;
    let on_board = |code, mods| map.resolve(BOARD, &event(code, mods));
    assert_eq!(on_board(KeyCode::Char('x'), none), Some(Command::Delete));
    assert_eq!(on_board(KeyCode::Char('D'), KeyModifiers::SHIFT), None);
    assert_eq!(
        on_board(KeyCode::Char('d'), KeyModifiers::CONTROL),
        Some(Command::Delete)
    );
    assert_eq!(on_board(KeyCode::Char('q'), none), None);
    assert_eq!(
        on_board(KeyCode::Char('Q'), KeyModifiers::SHIFT),
        Some(Command::Quit)
    );
    assert_eq!(
        on_board(KeyCode::Char('j'), none),
        Some(Command::SelectNext)
    );
    assert_eq!(on_board(KeyCode::PageDown, none), Some(Command::PageDown));
    let form = [Mode::Global, Mode::Form, Mode::Text];
    assert_eq!(
        map.resolve(&form, &event(KeyCode::Char('w'), KeyModifiers::CONTROL)),
        Some(Command::Save)
    );
    assert_eq!(
        map.resolve(&form, &event(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        None
    );
    // ctrl+d was PageDown's: said so. ctrl+w was a text key: hidden in forms.
    assert!(
        notes
            .iter()
            .any(|n| n == "board Ctrl+d now runs Delete instead of PageDown"),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n == "text Ctrl+w (DeleteWordBack) is hidden by form Save"),
        "{notes:?}"
    );
    assert_eq!(map.label(Mode::Board, Command::Delete), "x");
}

#[test]
fn two_commands_named_for_one_key_are_reported() {
    let (map, notes) = KeyMap::with_user_file(r#"{ Archive: ["z"], Delete: ["z"] }"#).unwrap();
    assert_eq!(
        notes,
        ["board z is named for both Archive and Delete; Archive keeps it"]
    );
    assert_eq!(map.keys(Mode::Board, Command::Delete), &[]);
    // Delete lost its key: its hint is left out, never shown wrong.
    assert_eq!(
        map.hint(&[
            hint(&[(Mode::Board, Command::Delete)], "delete"),
            hint(&[(Mode::Board, Command::Archive)], "archive")
        ]),
        "z archive"
    );
}

#[test]
fn taking_a_commands_only_key_says_it_has_none_left() {
    let (_, notes) = KeyMap::with_user_file(r#"{ Sync: ["?"] }"#).unwrap();
    assert_eq!(
        notes,
        ["board ? now runs Sync instead of Help (which has no key left)"]
    );
}

#[test]
fn hints_follow_the_keys() {
    let hints = [
        hint(&[(Mode::Form, Command::NextField)], "field"),
        hint(
            &[(Mode::Text, Command::Submit), (Mode::Form, Command::Save)],
            "save",
        ),
        hint(&[(Mode::Form, Command::Cancel)], "cancel"),
    ];
    assert_eq!(
        KeyMap::default().hint(&hints),
        "Tab field · Enter/Ctrl+s save · Esc cancel"
    );
    let (map, _) = KeyMap::with_user_file(r#"( form: { Cancel: ["ctrl+g"] } )"#).unwrap();
    assert_eq!(
        map.hint(&hints),
        "Tab field · Enter/Ctrl+s save · Ctrl+g cancel"
    );
}
