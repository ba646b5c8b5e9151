//! Reading a key file (`assets/keys.ron`, a user's `keys.ron`): for each mode, the
//! commands it names and their keys. The file is
//!
//! ```ron
//! (
//!     board: { MoveNextPhase: ["m", "shift+right"], Delete: ["x"] },
//!     form: { Save: ["ctrl+s", "ctrl+w"] },
//! )
//! ```
//!
//! A bare map (`{ Delete: ["x"] }`) is the board's section alone. Every name is
//! checked here, so a mistake is reported with its line and column.

use super::command::{Command, Mode};
use super::key::{Key, parse_key};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use std::fmt;

/// What a key file says: for each mode it names, each command and its keys, in the
/// order written.
pub type Sections = Vec<(Mode, Vec<(Command, Vec<Key>)>)>;

/// A key file that cannot be read: `line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

pub fn parse(text: &str) -> Result<Sections, FileError> {
    let options = ron::Options::default();
    let result = if starts_with_map(text) {
        options
            .from_str_seed(text, SectionSeed(Mode::Board))
            .map(|section| vec![(Mode::Board, section)])
    } else {
        options.from_str_seed(text, FileSeed)
    };
    result.map_err(|e| FileError {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })
}

/// Whether the first thing after blanks and comments is `{`.
fn starts_with_map(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return rest.starts_with('{');
        }
    }
}

/// A bare identifier (a mode or a command name).
struct Name(String);

impl<'de> de::Deserialize<'de> for Name {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Name, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Name, E> {
                Ok(Name(v.to_string()))
            }
        }
        deserializer.deserialize_identifier(NameVisitor)
    }
}

struct FileSeed;

const MODE_NAMES: &[&str] = &[
    "global", "board", "form", "text", "choice", "picker", "confirm", "scroll", "search",
];

impl<'de> DeserializeSeed<'de> for FileSeed {
    type Value = Sections;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Sections, D::Error> {
        d.deserialize_struct("Keys", MODE_NAMES, FileVisitor)
    }
}

struct FileVisitor;

impl<'de> Visitor<'de> for FileVisitor {
    type Value = Sections;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("modes and their keys: `(board: { Delete: [\"x\"] })`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sections, A::Error> {
        let mut sections = Sections::new();
        while let Some(Name(name)) = map.next_key()? {
            let mode = Mode::from_name(&name).ok_or_else(|| {
                de::Error::custom(format!(
                    "unknown mode `{name}`; the modes are {}",
                    MODE_NAMES.join(", ")
                ))
            })?;
            let section = map.next_value_seed(SectionSeed(mode))?;
            sections.push((mode, section));
        }
        Ok(sections)
    }
}

struct SectionSeed(Mode);

impl<'de> DeserializeSeed<'de> for SectionSeed {
    type Value = Vec<(Command, Vec<Key>)>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SectionSeed {
    type Value = Vec<(Command, Vec<Key>)>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the {} commands and their keys", self.0.name())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mode = self.0;
        let mut section = Vec::new();
        while let Some(Name(name)) = map.next_key()? {
            let command = mode.command(&name).ok_or_else(|| {
                let names: Vec<String> = mode.specs().iter().map(|s| s.command.name()).collect();
                de::Error::custom(format!(
                    "`{name}` is not a {} command; they are {}",
                    mode.name(),
                    names.join(", ")
                ))
            })?;
            let names: Vec<String> = map.next_value()?;
            let keys = names
                .iter()
                .map(|n| parse_key(n))
                .collect::<Result<Vec<Key>, String>>()
                .map_err(de::Error::custom)?;
            section.push((command, keys));
        }
        Ok(section)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_or_a_bare_board_map() {
        let sections =
            parse(r#"( board: { Delete: ["x"] }, form: { Save: ["ctrl+w"] } )"#).unwrap();
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[1].0, Mode::Form);
        assert_eq!(sections[1].1[0].0, Command::Save);
        let bare = parse("// mine\n{ Delete: [\"x\"] }").unwrap();
        assert_eq!(bare[0].0, Mode::Board);
        assert_eq!(bare[0].1[0].1[0].label(), "x");
    }

    #[test]
    fn mistakes_say_where_and_what() {
        let e = parse("{ Explode: [\"x\"] }").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(
            e.message.contains("`Explode` is not a board command"),
            "{e}"
        );
        let e = parse("(\n  form: { MoveNextPhase: [\"m\"] },\n)").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("not a form command"), "{e}");
        assert!(e.message.contains("NextField"), "{e}");
        let e = parse("( boards: {} )").unwrap_err();
        assert!(e.message.contains("unknown mode `boards`"), "{e}");
        let e = parse("{ Quit: [\"hyper+q\"] }").unwrap_err();
        assert!(e.message.contains("unknown key"), "{e}");
        assert!(parse("{ Quit: [\"q\"] ").is_err());
    }
}
