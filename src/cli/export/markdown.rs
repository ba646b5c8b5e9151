//! `export --format markdown`: the key metrics and one table per phase, for a wiki, an
//! issue or a README. Every text from the board is escaped so that it stays text: no
//! markup, no link, no raw HTML can be slipped in through a card title.

use super::Export;
use crate::model::metric::Trend;
use crate::model::text::safe_line;
use crate::model::{Board, CardKey, Phase};
use std::io::{self, Write};

/// One line of text as literal Markdown, safe in a table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in safe_line(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '|' | '~' | '#' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The latest review, in words, and how many there are.
pub fn review_summary(board: &Board, key: CardKey) -> String {
    let reviews = board.reviews_of(&board.card(key).id);
    match reviews.last() {
        None => "none".to_string(),
        Some(r) => {
            let more = match reviews.len() {
                1 => String::new(),
                n => format!(" ({n} reviews)"),
            };
            format!(
                "{} by {} ({}), {} in {}{more}",
                r.verdict,
                r.reviewer,
                r.role.role().tag(),
                super::super::stats_json::date(r.at),
                r.phase
            )
        }
    }
}

pub fn write(export: &Export, out: &mut dyn Write) -> io::Result<()> {
    let board = export.board;
    writeln!(out, "# {}", escape(&board.settings.name))?;
    writeln!(out)?;
    writeln!(
        out,
        "Exported {} by mlboard · gate policy {:?} · {} card{}",
        export.insights.now,
        board.settings.gate,
        export.cards.len(),
        if export.cards.len() == 1 { "" } else { "s" }
    )?;
    writeln!(out)?;
    writeln!(out, "## Key metrics")?;
    writeln!(out)?;
    if export.insights.metrics.is_empty() {
        writeln!(out, "None declared.")?;
    } else {
        writeln!(
            out,
            "| Metric | Goal | Latest | Status | Trend | Measurements |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for m in &export.insights.metrics {
            let latest = m.latest().map_or("—".to_string(), |l| {
                format!("{} ({})", l.value, super::super::stats_json::date(l.at))
            });
            writeln!(
                out,
                "| {} | {} | {latest} | {} | {} | {} |",
                escape(m.name.as_str()),
                m.goal.symbol(),
                m.status.label(),
                m.trend.map_or("—".to_string(), Trend::label),
                m.measurements.len()
            )?;
        }
    }
    for phase in Phase::ALL {
        let keys: Vec<CardKey> = export.column(phase).collect();
        writeln!(out)?;
        writeln!(out, "## {phase} ({})", keys.len())?;
        writeln!(out)?;
        if keys.is_empty() {
            writeln!(out, "No cards.")?;
            continue;
        }
        writeln!(
            out,
            "| Card | Roles | Labels | Due | State | Latest review | ID |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|")?;
        for key in keys {
            let card = board.card(key);
            let state = board.state(key);
            let roles: Vec<&str> = card.roles.iter().map(|r| r.tag()).collect();
            let archived = if card.is_archived() {
                " (archived)"
            } else {
                ""
            };
            writeln!(
                out,
                "| {}{archived} | {} | {} | {} | {} {} | {} | `{}` |",
                escape(&card.title),
                roles.join(" "),
                escape(&Export::labels_text(card)),
                escape(export.due_text(card).trim_start_matches("due ")),
                state.symbol(),
                state.word(),
                escape(&review_summary(board, key)),
                card.id
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn board_text_stays_text() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
        );
        assert_eq!(escape("[x](http://e)"), "\\[x\\]\\(http://e\\)");
        assert_eq!(escape("**b** _i_ `c`"), "\\*\\*b\\*\\* \\_i\\_ \\`c\\`");
        assert_eq!(escape("two\nlines\x1b"), "two\\\\nlines\\\\u{1b}");
    }
}
