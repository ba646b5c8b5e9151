//! One key as the key map knows it: a key code and the modifiers that matter, how it
//! is written in `keys.ron` (`"ctrl+r"`, `"shift+left"`) and shown in hints (`Ctrl+r`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key chord. A multi-key sequence (`g g`) would be a list of these; the key map's
/// lookup is written so that a `Pending` result could be added for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub const fn new(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// Whether a terminal key event is this key. Letters carry their case, so Shift is
    /// ignored for them (terminals disagree on reporting it); Ctrl+letter ignores case.
    /// Shift+Tab arrives as `BackTab` from most terminals.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        let (code, shift) = match event.code {
            KeyCode::BackTab => (KeyCode::Tab, true),
            code => (code, event.modifiers.contains(KeyModifiers::SHIFT)),
        };
        if ctrl != self.ctrl || alt != self.alt {
            return false;
        }
        match (self.code, code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b || (ctrl && a.eq_ignore_ascii_case(&b)),
            (a, b) => a == b && shift == self.shift,
        }
    }

    /// How hints and help show the key: `j`, `Ctrl+r`, `Shift+←`, `Enter`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        for (on, name) in [
            (self.ctrl, "Ctrl+"),
            (self.alt, "Alt+"),
            (self.shift, "Shift+"),
        ] {
            if on {
                label.push_str(name);
            }
        }
        label + &base
    }
}

/// Parses a key as written in `keys.ron`: `x`, `X`, `?`, `ctrl+r`, `alt+b`,
/// `shift+left`, `shift+tab`, `enter`, `esc`, `tab`, `space`, `left`, `right`, `up`,
/// `down`, `home`, `end`, `pageup`, `pagedown`, `backspace`, `delete`, `f1`...`f24`.
pub fn parse_key(name: &str) -> Result<Key, String> {
    let invalid = || {
        format!(
            "unknown key {name:?} (keys look like \"x\", \"ctrl+r\", \"shift+left\", \"enter\")"
        )
    };
    if name.trim().contains(' ') {
        return Err(format!(
            "{name:?}: key sequences are not supported yet; give one key"
        ));
    }
    let (mods, base) = match name.rsplit_once('+') {
        Some((mods, base)) if !base.is_empty() && !mods.is_empty() => (mods, base),
        _ => ("", name),
    };
    let (mut ctrl, mut alt, mut shift) = (false, false, false);
    for modifier in mods.split('+').filter(|m| !m.is_empty()) {
        match modifier.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => ctrl = true,
            "alt" | "meta" => alt = true,
            "shift" => shift = true,
            _ => return Err(invalid()),
        }
    }
    let code = match base.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => {
            shift = true;
            KeyCode::Tab
        }
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
        "insert" | "ins" => KeyCode::Insert,
        lower => {
            let mut chars = base.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => {
                    // Letters carry their case; Ctrl+letter has none.
                    let c = if ctrl {
                        c.to_ascii_lowercase()
                    } else if shift {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    };
                    KeyCode::Char(c)
                }
                _ => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n) if (1..=24).contains(&n) => KeyCode::F(n),
                    _ => return Err(invalid()),
                },
            }
        }
    };
    let shift = shift && !matches!(code, KeyCode::Char(_));
    Ok(Key {
        code,
        ctrl,
        alt,
        shift,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn names_parse_and_label() {
        let cases = [
            ("x", "x"),
            ("X", "X"),
            ("shift+x", "X"),
            ("ctrl+R", "Ctrl+r"),
            ("alt+b", "Alt+b"),
            ("shift+left", "Shift+←"),
            ("backtab", "Shift+Tab"),
            ("pagedown", "PgDn"),
            ("space", "Space"),
            ("f5", "F5"),
            ("+", "+"),
            ("?", "?"),
        ];
        for (name, label) in cases {
            assert_eq!(parse_key(name).unwrap().label(), label, "{name}");
        }
        assert!(parse_key("hyper+x").unwrap_err().contains("unknown key"));
        assert!(parse_key("g g").unwrap_err().contains("sequences"));
        assert!(parse_key("f99").is_err());
    }

    #[test]
    fn matching_follows_what_terminals_send() {
        let none = KeyModifiers::NONE;
        let shift = KeyModifiers::SHIFT;
        let k = |name| parse_key(name).unwrap();
        assert!(k("L").matches(&event(KeyCode::Char('L'), shift)));
        assert!(k("L").matches(&event(KeyCode::Char('L'), none)));
        assert!(!k("l").matches(&event(KeyCode::Char('L'), shift)));
        assert!(k("ctrl+r").matches(&event(KeyCode::Char('r'), KeyModifiers::CONTROL)));
        assert!(!k("r").matches(&event(KeyCode::Char('r'), KeyModifiers::CONTROL)));
        assert!(k("shift+tab").matches(&event(KeyCode::BackTab, shift)));
        assert!(k("shift+right").matches(&event(KeyCode::Right, shift)));
        assert!(!k("right").matches(&event(KeyCode::Right, shift)));
        assert!(k("alt+b").matches(&event(KeyCode::Char('b'), KeyModifiers::ALT)));
        assert!(!k("b").matches(&event(KeyCode::Char('b'), KeyModifiers::ALT)));
    }
}
