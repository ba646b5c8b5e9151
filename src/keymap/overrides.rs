//! A user's key file over the defaults: each command it names gets exactly the keys
//! named, and every key it takes from another command — or that another mode hides
//! where both are looked up — is said, never silently shadowed.

use super::KeyMap;
use super::command::{Command, Mode, STACKS};
use super::file::Sections;
use super::key::Key;

impl KeyMap {
    /// Puts a key file's keys in: each named command gets exactly the keys named; a
    /// key it takes is taken from the command of the same mode that had it, and
    /// said so, never silently shadowed.
    pub(super) fn apply(&mut self, sections: &Sections) -> Vec<String> {
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
