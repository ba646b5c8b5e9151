//! Keys → commands for the board, and the help text generated from the same table,
//! so the help screen can never drift from the keys. A user's `keys.ron` overrides
//! only the commands it names.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::HashMap;

/// Everything a user can ask of the board with one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Command {
    FocusPrev,
    FocusNext,
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    PageDown,
    PageUp,
    MovePrevPhase,
    MoveNextPhase,
    MoveDown,
    MoveUp,
    NewCard,
    OpenCard,
    EditCard,
    EditDescription,
    ToggleRoles,
    Review,
    Search,
    Filter,
    ClearFilter,
    Archive,
    ToggleArchived,
    Delete,
    Undo,
    Redo,
    Insights,
    Sync,
    Problems,
    Help,
    Quit,
}

/// A key as written in help: a code plus the modifiers that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub shift: bool,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        shift: false,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        shift: false,
    }
}

const fn shift(code: KeyCode) -> Key {
    Key {
        code,
        ctrl: false,
        shift: true,
    }
}

impl Key {
    /// Whether a terminal key event is this key. Letters carry their case, so the
    /// Shift modifier is ignored for them (terminals disagree on reporting it).
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        match (self.code, event.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                let same = a == b || (ctrl && a.eq_ignore_ascii_case(&b));
                same && ctrl == self.ctrl
            }
            (a, b) => a == b && ctrl == self.ctrl && shift == self.shift,
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.shift) {
            (true, _) => format!("Ctrl+{base}"),
            (_, true) => format!("Shift+{base}"),
            _ => base,
        }
    }
}

/// One row of the default key map.
pub struct DefaultBinding {
    pub keys: &'static [Key],
    pub command: Command,
    pub help: &'static str,
    /// A short label when the key belongs in the footer.
    pub footer: Option<&'static str>,
}

const fn bind(
    keys: &'static [Key],
    command: Command,
    help: &'static str,
    footer: Option<&'static str>,
) -> DefaultBinding {
    DefaultBinding {
        keys,
        command,
        help,
        footer,
    }
}

use Command as C;
use KeyCode as K;

/// The board's keys (SPEC §3). Vim keys and arrows both work.
pub const BOARD_KEYS: &[DefaultBinding] = &[
    bind(
        &[ch('h'), key(K::Left)],
        C::FocusPrev,
        "focus the previous column",
        None,
    ),
    bind(
        &[ch('l'), key(K::Right)],
        C::FocusNext,
        "focus the next column",
        None,
    ),
    bind(
        &[ch('j'), key(K::Down)],
        C::SelectNext,
        "select the next card",
        None,
    ),
    bind(
        &[ch('k'), key(K::Up)],
        C::SelectPrev,
        "select the previous card",
        None,
    ),
    bind(
        &[ch('g'), key(K::Home)],
        C::SelectFirst,
        "select the first card",
        None,
    ),
    bind(
        &[ch('G'), key(K::End)],
        C::SelectLast,
        "select the last card",
        None,
    ),
    bind(
        &[key(K::PageDown), ctrl('d')],
        C::PageDown,
        "select a page further down",
        None,
    ),
    bind(
        &[key(K::PageUp), ctrl('u')],
        C::PageUp,
        "select a page further up",
        None,
    ),
    bind(
        &[ch('H'), shift(K::Left)],
        C::MovePrevPhase,
        "move the card to the previous phase",
        None,
    ),
    bind(
        &[ch('L'), shift(K::Right)],
        C::MoveNextPhase,
        "move the card to the next phase",
        Some("move"),
    ),
    bind(
        &[ch('J'), shift(K::Down)],
        C::MoveDown,
        "move the card down in its column",
        None,
    ),
    bind(
        &[ch('K'), shift(K::Up)],
        C::MoveUp,
        "move the card up in its column",
        None,
    ),
    bind(
        &[ch('n')],
        C::NewCard,
        "new card in the focused column",
        Some("new"),
    ),
    bind(
        &[key(K::Enter)],
        C::OpenCard,
        "open the card: details, roles, reviews, history",
        Some("open"),
    ),
    bind(
        &[ch('e')],
        C::EditCard,
        "edit the card in a form",
        Some("edit"),
    ),
    bind(
        &[ch('E')],
        C::EditDescription,
        "edit the description in $VISUAL / $EDITOR / vi",
        None,
    ),
    bind(
        &[ch('t')],
        C::ToggleRoles,
        "toggle the card's roles",
        Some("roles"),
    ),
    bind(
        &[ch('r')],
        C::Review,
        "record a stakeholder review",
        Some("review"),
    ),
    bind(
        &[ch('/')],
        C::Search,
        "fuzzy search; Enter jumps to the card",
        Some("search"),
    ),
    bind(
        &[ch('f')],
        C::Filter,
        "filter by role or review state",
        Some("filter"),
    ),
    bind(&[key(K::Esc)], C::ClearFilter, "clear the filter", None),
    bind(
        &[ch('a')],
        C::Archive,
        "archive the card (unarchive when shown)",
        None,
    ),
    bind(
        &[ch('A')],
        C::ToggleArchived,
        "show or hide archived cards",
        None,
    ),
    bind(&[ch('D')], C::Delete, "delete the card (asks first)", None),
    bind(&[ch('u')], C::Undo, "undo the last change", Some("undo")),
    bind(&[ctrl('r')], C::Redo, "redo", None),
    bind(
        &[ch('i')],
        C::Insights,
        "insights: WIP, role coverage, reviews, time in phase",
        None,
    ),
    bind(&[ch('S')], C::Sync, "sync with git", None),
    bind(
        &[ch('!')],
        C::Problems,
        "list the files that could not be read",
        None,
    ),
    bind(&[ch('?')], C::Help, "help: every key", Some("help")),
    bind(&[ch('q'), ctrl('c')], C::Quit, "quit", Some("quit")),
];

/// Keys inside forms and popups, for the help screen.
pub const FORM_KEYS: &[(&str, &str)] = &[
    ("Tab / Shift+Tab", "next / previous field"),
    (
        "Enter",
        "save (in a one-line field); new line in the description",
    ),
    ("Ctrl+s", "save from any field"),
    ("Space", "toggle the role or option under the cursor"),
    ("Esc", "cancel with nothing changed; close a popup"),
    ("↑ ↓ / j k", "move in lists and pickers"),
];

/// One row of the live key map: the default, or the user's keys for the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub command: Command,
    pub help: &'static str,
    pub footer: Option<&'static str>,
}

impl Binding {
    /// The keys as shown in help (`h / ←`).
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// The board's key map in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMap {
    bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        KeyMap {
            bindings: BOARD_KEYS
                .iter()
                .map(|b| Binding {
                    keys: b.keys.to_vec(),
                    command: b.command,
                    help: b.help,
                    footer: b.footer,
                })
                .collect(),
        }
    }
}

impl KeyMap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The command bound to a key on the board, if any.
    pub fn command(&self, event: &KeyEvent) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.command)
    }

    /// The first key of a command, for hints ("press ! to list them").
    pub fn key_for(&self, command: Command) -> String {
        self.bindings
            .iter()
            .find(|b| b.command == command)
            .and_then(|b| b.keys.first())
            .map_or_else(String::new, Key::label)
    }

    /// The defaults with the commands a user's `keys.ron` names bound to its keys,
    /// e.g. `{ Delete: ["x"], NewCard: ["n", "ctrl+n"] }`. A key taken by a named
    /// command is taken away from the command that had it by default.
    pub fn with_overrides(mut self, text: &str) -> Result<KeyMap, String> {
        let overrides: HashMap<Command, Vec<String>> = ron::from_str(text)
            .map_err(|e| format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
        for (command, names) in overrides {
            let keys = names
                .iter()
                .map(|name| parse_key(name))
                .collect::<Result<Vec<Key>, String>>()?;
            for binding in &mut self.bindings {
                binding.keys.retain(|k| !keys.contains(k));
            }
            if let Some(binding) = self.bindings.iter_mut().find(|b| b.command == command) {
                binding.keys = keys;
            }
        }
        Ok(self)
    }
}

/// Parses a key name: `x`, `X`, `?`, `ctrl+r`, `shift+left`, `enter`, `esc`, `tab`,
/// `space`, `left`, `right`, `up`, `down`, `home`, `end`, `pageup`, `pagedown`, `f1`...
pub fn parse_key(name: &str) -> Result<Key, String> {
    let invalid =
        || format!("unknown key {name:?} (e.g. \"x\", \"ctrl+r\", \"shift+left\", \"enter\")");
    let (ctrl, shift, base) = match name.rsplit_once('+') {
        Some((mods, base)) if !base.is_empty() => {
            let mods = mods.to_ascii_lowercase();
            let ctrl = mods.split('+').any(|m| m == "ctrl" || m == "control");
            let shift = mods.split('+').any(|m| m == "shift");
            if mods
                .split('+')
                .any(|m| !matches!(m, "ctrl" | "control" | "shift"))
            {
                return Err(invalid());
            }
            (ctrl, shift, base)
        }
        _ => (false, false, name),
    };
    let code = match base.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "space" => KeyCode::Char(' '),
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        lower => {
            let mut chars = base.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                _ => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n) if (1..=24).contains(&n) => KeyCode::F(n),
                    _ => return Err(invalid()),
                },
            }
        }
    };
    let shift = shift && !matches!(code, KeyCode::Char(_));
    Ok(Key { code, ctrl, shift })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press)
    }

    #[test]
    fn vim_keys_and_arrows_agree() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            KeyMap::default().command(&event(K::Char('l'), none)),
            Some(C::FocusNext)
        );
        assert_eq!(
            KeyMap::default().command(&event(K::Right, none)),
            Some(C::FocusNext)
        );
        assert_eq!(
            KeyMap::default().command(&event(K::Char('L'), KeyModifiers::SHIFT)),
            Some(C::MoveNextPhase)
        );
        assert_eq!(
            KeyMap::default().command(&event(K::Right, KeyModifiers::SHIFT)),
            Some(C::MoveNextPhase)
        );
        assert_eq!(
            KeyMap::default().command(&event(K::Up, KeyModifiers::SHIFT)),
            Some(C::MoveUp)
        );
    }

    #[test]
    fn user_keys_override_only_the_commands_they_name() {
        let map = KeyMap::default()
            .with_overrides(r#"{ Delete: ["x", "ctrl+d"], Quit: ["Q"] }"#)
            .unwrap();
        let none = KeyModifiers::NONE;
        assert_eq!(map.command(&event(K::Char('x'), none)), Some(C::Delete));
        assert_eq!(map.command(&event(K::Char('D'), KeyModifiers::SHIFT)), None);
        assert_eq!(
            map.command(&event(K::Char('d'), KeyModifiers::CONTROL)),
            Some(C::Delete)
        );
        assert_eq!(map.command(&event(K::Char('q'), none)), None);
        assert_eq!(
            map.command(&event(K::Char('Q'), KeyModifiers::SHIFT)),
            Some(C::Quit)
        );
        // untouched commands keep their keys; ctrl+d left PageDown
        assert_eq!(map.command(&event(K::Char('j'), none)), Some(C::SelectNext));
        assert_eq!(map.command(&event(K::PageDown, none)), Some(C::PageDown));
        assert_eq!(map.key_for(C::Delete), "x");
    }

    #[test]
    fn bad_user_keys_are_reported() {
        assert!(
            KeyMap::default()
                .with_overrides(r#"{ Explode: ["x"] }"#)
                .unwrap_err()
                .contains("Explode")
        );
        assert!(
            KeyMap::default()
                .with_overrides(r#"{ Quit: ["hyper+x"] }"#)
                .unwrap_err()
                .contains("unknown key")
        );
        assert!(parse_key("f5").is_ok() && parse_key("shift+left").unwrap().shift);
    }

    #[test]
    fn ctrl_keys_are_distinct_from_letters() {
        assert_eq!(
            KeyMap::default().command(&event(K::Char('r'), KeyModifiers::NONE)),
            Some(C::Review)
        );
        assert_eq!(
            KeyMap::default().command(&event(K::Char('r'), KeyModifiers::CONTROL)),
            Some(C::Redo)
        );
        assert_eq!(
            KeyMap::default().command(&event(K::Char('c'), KeyModifiers::CONTROL)),
            Some(C::Quit)
        );
        assert_eq!(
            KeyMap::default().command(&event(K::Char('c'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn every_command_has_a_key_and_help() {
        for binding in BOARD_KEYS {
            assert!(!binding.keys.is_empty());
            assert!(!binding.help.is_empty());
        }
        assert_eq!(KeyMap::default().key_for(C::Problems), "!");
    }
}
