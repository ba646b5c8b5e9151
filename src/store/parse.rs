//! Reading one board file into a value, or into a `Problem` that says exactly where
//! and why it could not be read. Nothing here writes or deletes anything.

use super::Problem;
use crate::model::{BoardSettings, Card, Review, is_valid_id};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Files over this size are refused unread (a board file is a few hundred bytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What a board-relative path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Settings,
    Card,
    Review,
}

/// Classifies a board-relative path (`/`-separated). Dot-files (mlboard's temporary
/// files, editors' swap files) and anything not `.ron` are not board files.
pub fn classify(rel: &str) -> Option<FileKind> {
    if rel == "board.ron" {
        return Some(FileKind::Settings);
    }
    let (dir, name) = rel.split_once('/')?;
    if name.starts_with('.') || name.contains('/') || !name.ends_with(".ron") {
        return None;
    }
    match dir {
        "cards" => Some(FileKind::Card),
        "reviews" => Some(FileKind::Review),
        _ => None,
    }
}

/// The id a card or review file name claims (`cards/<id>.ron`).
pub fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".ron").unwrap_or(name)
}

/// A parsed board file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Settings(BoardSettings),
    Card(Card),
    Review(Review),
}

pub struct Located<'a> {
    pub root: &'a Path,
    pub rel: &'a str,
}

impl Located<'_> {
    pub fn problem(&self, line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem::new(self.root.join(self.rel), self.rel, line, column, message)
    }
}

/// Checks the file name before the file is even opened, so no id can point outside
/// the board directory.
pub fn check_name(at: &Located, kind: FileKind) -> Result<(), Problem> {
    if kind == FileKind::Settings || is_valid_id(stem(at.rel)) {
        Ok(())
    } else {
        Err(at.problem(
            1,
            1,
            "refused: the file name is not a valid id (4 to 32 characters of a-z and 0-9)",
        ))
    }
}

pub fn parse(at: &Located, kind: FileKind, bytes: &[u8]) -> Result<Parsed, Problem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(at, bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        at.problem(line, column, "not valid UTF-8 text")
    })?;
    if let Some(line) = conflict_marker_line(text) {
        return Err(at.problem(
            line,
            1,
            "unresolved git merge conflict (conflict markers); resolve the conflict, then run `mlboard check`",
        ));
    }
    match kind {
        FileKind::Settings => deserialize::<BoardSettings>(at, text).map(Parsed::Settings),
        FileKind::Card => {
            let card = deserialize::<Card>(at, text)?;
            check_id(at, text, card.id.as_str())?;
            Ok(Parsed::Card(card))
        }
        FileKind::Review => {
            let review = deserialize::<Review>(at, text)?;
            check_id(at, text, review.id.as_str())?;
            Ok(Parsed::Review(review))
        }
    }
}

pub fn too_large(at: &Located, size: u64) -> Problem {
    at.problem(
        1,
        1,
        format!("refused: the file is {size} bytes, over the 1 MiB limit"),
    )
}

fn check_id(at: &Located, text: &str, id: &str) -> Result<(), Problem> {
    if id == stem(at.rel) {
        return Ok(());
    }
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("id:"))
        .map_or(1, |i| i + 1);
    Err(at.problem(
        line,
        1,
        format!(
            "refused: id \"{id}\" does not match the file name \"{}\"",
            stem(at.rel)
        ),
    ))
}

fn deserialize<T: DeserializeOwned>(at: &Located, text: &str) -> Result<T, Problem> {
    ron::from_str(text)
        .map_err(|e| at.problem(e.span.start.line, e.span.start.col, e.code.to_string()))
}

/// The first line that starts a git conflict block, if any.
fn conflict_marker_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.starts_with("<<<<<<<")
                || l.starts_with(">>>>>>>")
                || l == "======="
                || l.starts_with("======= ")
                || l.starts_with("|||||||")
        })
        .map(|i| i + 1)
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rel: &str) -> Located<'_> {
        Located {
            root: Path::new("b"),
            rel,
        }
    }

    #[test]
    fn classifies_board_paths() {
        assert_eq!(classify("board.ron"), Some(FileKind::Settings));
        assert_eq!(classify("cards/abcd.ron"), Some(FileKind::Card));
        assert_eq!(classify("reviews/abcd.ron"), Some(FileKind::Review));
        assert_eq!(classify("cards/.mlboard-x.tmp"), None);
        assert_eq!(classify("cards/.abcd.ron"), None);
        assert_eq!(classify("cards/abcd.ron~"), None);
        assert_eq!(classify("other/abcd.ron"), None);
    }

    #[test]
    fn reports_parse_errors_with_position() {
        let err = parse(
            &at("cards/abcd.ron"),
            FileKind::Card,
            b"(\n    id: \"abcd\",\n    title: 5,\n)",
        )
        .unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().starts_with("b/cards/abcd.ron:3:"), "{err}");
    }

    #[test]
    fn names_conflict_markers() {
        let text = b"(\n<<<<<<< HEAD\n    id: \"abcd\",\n=======\n>>>>>>> other\n)";
        let err = parse(&at("cards/abcd.ron"), FileKind::Card, text).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("merge conflict"));
    }

    #[test]
    fn names_valid_phases() {
        let text = br#"(id: "abcd", title: "t", description: "", phase: Testing, rank: "n", roles: [], created: "2026-11-26T13:00:00Z", archived: None, history: [])"#;
        let err = parse(&at("cards/abcd.ron"), FileKind::Card, text).unwrap_err();
        assert!(
            err.message.contains("Design") && err.message.contains("Deployment"),
            "{}",
            err.message
        );
    }

    #[test]
    fn refuses_bad_names_and_mismatched_ids() {
        assert!(check_name(&at("cards/ABC.ron"), FileKind::Card).is_err());
        let text = br#"(id: "other", title: "t", description: "", phase: Design, rank: "n", roles: [], created: "2026-11-26T13:00:00Z", archived: None, history: [])"#;
        let err = parse(&at("cards/abcd.ron"), FileKind::Card, text).unwrap_err();
        assert!(err.message.contains("does not match"), "{}", err.message);
    }
}
