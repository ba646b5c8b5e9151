//! A file that could not be read, located as `path:line:column: message`.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The board-relative path (`cards/x.ron`), so problems stay keyed by file.
    pub rel: String,
    /// The path as shown to the user (the board directory joined with `rel`).
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    pub fn new(
        path: PathBuf,
        rel: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            rel: rel.to_string(),
            path,
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            // A file name in a shared repository is untrusted text too.
            crate::model::text::safe_line(&self.path.display().to_string()),
            self.line,
            self.column,
            crate::model::text::safe_line(&self.message)
        )
    }
}
