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
mod overrides;

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
}

fn labels(keys: &[Key]) -> Vec<String> {
    keys.iter().map(Key::label).collect()
}

#[cfg(test)]
mod tests;
