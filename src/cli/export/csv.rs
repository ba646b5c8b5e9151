//! `export --format csv`: one row per card for a spreadsheet. The header row holds the
//! JSON field names; lists are joined with spaces. RFC 4180: fields with a comma, a
//! quote or a line break are quoted, quotes doubled, rows end in CRLF.
//!
//! Written by hand rather than with the `csv` crate: writing is these few lines, and
//! one thing a general writer does not do matters here: a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is a formula to a spreadsheet, so such a
//! cell from the (untrusted) board gets a leading `'` and is shown as text instead.

use super::Export;
use crate::model::text::safe_text;
use std::io::{self, Write};

pub const HEADER: [&str; 11] = [
    "id",
    "title",
    "phase",
    "roles",
    "labels",
    "due",
    "state",
    "created",
    "archived",
    "rank",
    "description",
];

/// One CSV field: made safe for a terminal and a spreadsheet, then quoted if needed.
pub fn field(text: &str) -> String {
    let mut text = safe_text(text).into_owned();
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    let fields: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.write_all(fields.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

pub fn write(export: &Export, out: &mut dyn Write) -> io::Result<()> {
    row(out, &HEADER.map(String::from))?;
    for key in &export.cards {
        let card = export.board.card(*key);
        let roles: Vec<&str> = card.roles.iter().map(|r| r.name()).collect();
        row(
            out,
            &[
                card.id.to_string(),
                card.title.to_string(),
                card.phase.to_string(),
                roles.join(" "),
                card.labels
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                card.due.map_or(String::new(), |d| d.to_string()),
                export.board.state(*key).json_name().to_string(),
                card.created.to_string(),
                card.archived.map_or(String::new(), |t| t.to_string()),
                card.rank.to_string(),
                card.description.to_string(),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_what_needs_it_and_disarms_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1 day"), "'-1 day");
        assert_eq!(field("esc \x1b[2J"), "esc \\u{1b}[2J");
        assert_eq!(field(""), "");
    }
}
