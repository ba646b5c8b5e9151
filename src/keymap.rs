//! Keys → commands for the board, and the help text generated from the same table,
//! so the help screen can never drift from the keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a user can ask of the board with one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// One row of the board's key map.
pub struct Binding {
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
) -> Binding {
    Binding {
        keys,
        command,
        help,
        footer,
    }
}

use Command as C;
use KeyCode as K;

/// The board's keys (SPEC §3). Vim keys and arrows both work.
pub const BOARD_KEYS: &[Binding] = &[
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

/// The command bound to a key on the board, if any.
pub fn board_command(event: &KeyEvent) -> Option<Command> {
    BOARD_KEYS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.command)
}

/// The keys of a command, as shown in help (`h / ←`).
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(Key::label)
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The first key of a command, for hints ("press ! to list them").
pub fn key_for(command: Command) -> String {
    BOARD_KEYS
        .iter()
        .find(|b| b.command == command)
        .and_then(|b| b.keys.first())
        .map_or_else(String::new, Key::label)
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
            board_command(&event(K::Char('l'), none)),
            Some(C::FocusNext)
        );
        assert_eq!(board_command(&event(K::Right, none)), Some(C::FocusNext));
        assert_eq!(
            board_command(&event(K::Char('L'), KeyModifiers::SHIFT)),
            Some(C::MoveNextPhase)
        );
        assert_eq!(
            board_command(&event(K::Right, KeyModifiers::SHIFT)),
            Some(C::MoveNextPhase)
        );
        assert_eq!(
            board_command(&event(K::Up, KeyModifiers::SHIFT)),
            Some(C::MoveUp)
        );
    }

    #[test]
    fn ctrl_keys_are_distinct_from_letters() {
        assert_eq!(
            board_command(&event(K::Char('r'), KeyModifiers::NONE)),
            Some(C::Review)
        );
        assert_eq!(
            board_command(&event(K::Char('r'), KeyModifiers::CONTROL)),
            Some(C::Redo)
        );
        assert_eq!(
            board_command(&event(K::Char('c'), KeyModifiers::CONTROL)),
            Some(C::Quit)
        );
        assert_eq!(
            board_command(&event(K::Char('c'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn every_command_has_a_key_and_help() {
        for binding in BOARD_KEYS {
            assert!(!binding.keys.is_empty());
            assert!(!binding.help.is_empty());
        }
        assert_eq!(key_for(C::Problems), "!");
    }
}
