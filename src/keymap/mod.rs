//! Keys → commands, per mode. The defaults are `assets/keys.ron`; a user's `keys.ron`
//! overrides only the commands it names, in any mode. The footer, help and every
//! popup's hint line are built from the key map in use, so a hint can never name a
//! key that does not work.
//!
//! A key event is looked up through a stack of modes (`Global`, then, say, `Form` and
//! `Text`); the first mode that binds it decides. A key no mode binds reaches a text
//! field as a typed character — nothing else ever sees raw keys.

mod command;
mod file;
mod key;

pub use command::{Command, Mode, STACKS, Spec};
pub use file::FileError;
pub use key::{Key, parse_key};

use crossterm::event::KeyEvent;
use std::sync::LazyLock;

/// The keys built into mlboard.
pub const DEFAULT_KEYS: &str = include_str!("../../assets/keys.ron");

/// One command of a mode and its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<Key>,
    pub help: &'static str,
}

impl Binding {
    /// The keys as help shows them (`h / ←`).
    pub fn keys_label(&self) -> String {
        labels(&self.keys).join(" / ")
    }
}

/// A hint item: the first key of each command, then what they do (`j/k scroll`).
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    pub keys: &'static [(Mode, Command)],
    pub label: &'static str,
    /// Every key of the commands, not only the first (`n/Esc keep`).
    pub all: bool,
}

pub const fn hint(keys: &'static [(Mode, Command)], label: &'static str) -> Hint {
    Hint {
        keys,
        label,
        all: false,
    }
}

/// A hint item that shows all the keys of its commands.
pub const fn hint_all(keys: &'static [(Mode, Command)], label: &'static str) -> Hint {
    Hint {
        keys,
        label,
        all: true,
    }
}

/// The key map in use: for each mode, its commands in help's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    modes: Vec<Vec<Binding>>,
}

static DEFAULTS: LazyLock<KeyMap> = LazyLock::new(|| {
    let mut map = KeyMap {
        modes: Mode::ALL
            .iter()
            .map(|mode| {
                mode.specs()
                    .iter()
                    .map(|spec| Binding {
                        command: spec.command,
                        keys: Vec::new(),
                        help: spec.help,
                    })
                    .collect()
            })
            .collect(),
    };
    // The built-in file is checked by the tests; were it ever broken, the commands
    // would have no keys rather than the program no board.
    if let Ok(sections) = file::parse(DEFAULT_KEYS) {
        for (mode, section) in sections {
            for (command, keys) in section {
                if let Some(binding) = map.binding_mut(mode, command) {
                    binding.keys = keys;
                }
            }
        }
    }
    map
});

impl Default for KeyMap {
    fn default() -> Self {
        DEFAULTS.clone()
    }
}

impl KeyMap {
    /// The defaults with a user's key file over them. `Err` (the file's
    /// `line:column: message`) leaves the defaults; `Ok` carries what the user should
    /// know: keys taken from another command, keys another mode hides.
    pub fn with_user_file(text: &str) -> Result<(KeyMap, Vec<String>), FileError> {
        let sections = file::parse(text)?;
        let mut map = KeyMap::default();
        let notes = map.apply(&sections);
        Ok((map, notes))
    }

    /// The commands of a mode with their keys, in help's order.
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        &self.modes[mode.index()]
    }

    fn binding_mut(&mut self, mode: Mode, command: Command) -> Option<&mut Binding> {
        self.modes[mode.index()]
            .iter_mut()
            .find(|b| b.command == command)
    }

    pub fn keys(&self, mode: Mode, command: Command) -> &[Key] {
        self.bindings(mode)
            .iter()
            .find(|b| b.command == command)
            .map_or(&[], |b| &b.keys)
    }

    /// The command a key runs, looked up through a stack of modes.
    pub fn resolve(&self, stack: &[Mode], event: &KeyEvent) -> Option<Command> {
        stack.iter().find_map(|mode| self.command_in(*mode, event))
    }

    /// The command a key runs in one mode.
    pub fn command_in(&self, mode: Mode, event: &KeyEvent) -> Option<Command> {
        self.bindings(mode)
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.command)
    }

    /// The first key of a command (`!`), or an empty string when it has none.
    pub fn label(&self, mode: Mode, command: Command) -> String {
        self.keys(mode, command)
            .first()
            .map_or_else(String::new, Key::label)
    }

    /// A command's keys for a sentence: `n / Esc` for `n`, `N`, `esc` (a letter's
    /// other case is the same key to a reader).
    pub fn distinct_labels(&self, mode: Mode, command: Command) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for label in labels(self.keys(mode, command)) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&label)) {
                out.push(label);
            }
        }
        out
    }

    /// Hint items as (keys, what they do): the first key of each command, joined by
    /// `/`. Items whose commands have no key are left out.
    pub fn hint_items(&self, items: &[Hint]) -> Vec<(String, &'static str)> {
        items
            .iter()
            .filter_map(|item| {
                let mut keys: Vec<String> = Vec::new();
                for (mode, command) in item.keys {
                    let labels = if item.all {
                        self.distinct_labels(*mode, *command)
                    } else {
                        vec![self.label(*mode, *command)]
                    };
                    for label in labels {
                        if !label.is_empty() && !keys.contains(&label) {
                            keys.push(label);
                        }
                    }
                }
                (!keys.is_empty()).then(|| (keys.join("/"), item.label))
            })
            .collect()
    }

    /// A hint line: `Tab field · Enter/Ctrl+s save · Esc cancel`.
    pub fn hint(&self, items: &[Hint]) -> String {
        self.hint_items(items)
            .into_iter()
            .map(|(keys, label)| format!("{keys} {label}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Puts a key file's keys in: each named command gets exactly the keys named; a
    /// key it takes is taken from the command of the same mode that had it, and
    /// said so, never silently shadowed.
    fn apply(&mut self, sections: &file::Sections) -> Vec<String> {
        let mut notes = Vec::new();
        let mut named: Vec<(Mode, Command, Key)> = Vec::new();
        for (mode, section) in sections {
            for (command, keys) in section {
                for key in keys {
                    if let Some((_, other, _)) = named
                        .iter()
                        .find(|(m, c, k)| m == mode && c != command && k == key)
                    {
                        notes.push(format!(
                            "{} {} is named for both {} and {}; {} keeps it",
                            mode.name(),
                            key.label(),
                            other.name(),
                            command.name(),
                            other.name()
                        ));
                        continue;
                    }
                    for binding in self.modes[mode.index()].iter_mut() {
                        if binding.command != *command && binding.keys.contains(key) {
                            binding.keys.retain(|k| k != key);
                            let was_named = named
                                .iter()
                                .any(|(m, c, _)| m == mode && *c == binding.command);
                            if !was_named {
                                notes.push(format!(
                                    "{} {} now runs {} instead of {}{}",
                                    mode.name(),
                                    key.label(),
                                    command.name(),
                                    binding.command.name(),
                                    if binding.keys.is_empty() {
                                        " (which has no key left)"
                                    } else {
                                        ""
                                    }
                                ));
                            }
                        }
                    }
                    named.push((*mode, *command, *key));
                }
                let mine: Vec<Key> = named
                    .iter()
                    .filter(|(m, c, _)| m == mode && c == command)
                    .map(|(_, _, k)| *k)
                    .collect();
                if let Some(binding) = self.binding_mut(*mode, *command) {
                    binding.keys = mine;
                }
            }
        }
        notes.extend(self.hidden(&named));
        notes
    }

    /// Keys the user named that an earlier mode of a stack hides (or that hide a key
    /// of a later mode): bound, but not doing what the file says in that place.
    fn hidden(&self, named: &[(Mode, Command, Key)]) -> Vec<String> {
        let mut notes = Vec::new();
        for stack in STACKS {
            for (i, outer) in stack.iter().enumerate() {
                for inner in &stack[i + 1..] {
                    for b_outer in self.bindings(*outer) {
                        for key in &b_outer.keys {
                            for b_inner in self.bindings(*inner) {
                                let user = named.iter().any(|(m, c, k)| {
                                    k == key
                                        && ((*m == *outer && *c == b_outer.command)
                                            || (*m == *inner && *c == b_inner.command))
                                });
                                if user
                                    && b_inner.keys.contains(key)
                                    && b_inner.command != b_outer.command
                                {
                                    let note = format!(
                                        "{} {} ({}) is hidden by {} {}",
                                        inner.name(),
                                        key.label(),
                                        b_inner.command.name(),
                                        outer.name(),
                                        b_outer.command.name()
                                    );
                                    if !notes.contains(&note) {
                                        notes.push(note);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        notes
    }
}

fn labels(keys: &[Key]) -> Vec<String> {
    keys.iter().map(Key::label).collect()
}

#[cfg(test)]
mod tests {
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
}
