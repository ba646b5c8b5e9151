//! The messages of this session (`m`), newest first, each whole with its time; and the
//! popup a sync conflict opens: the files, what git is doing, and the way out.

use super::theme::Theme;
use super::wrap::Doc;
use crate::app::{App, SyncConflict, Tone};
use crate::keymap::{Command, Mode};
use crate::model::text::safe_line;
use ratatui::text::{Line, Span};

/// `13:01:54  ` before each message: where its wrapped rows start.
const TIME: usize = 10;

pub fn messages(app: &App, width: u16, theme: &Theme) -> Doc {
    let mut doc = Doc::new(width);
    if app.messages.is_empty() {
        doc.line(Span::styled(
            "Nothing was said yet in this session.",
            theme.dim(),
        ));
        return doc;
    }
    for message in app.messages.newest_first() {
        let stamp = message.at.to_string();
        let time = stamp.get(11..19).unwrap_or(&stamp).to_string();
        let (prefix, style) = match message.tone {
            Tone::Info => ("", theme.info()),
            Tone::Warning => ("⚠ ", theme.warning()),
            Tone::Error => ("✗ ", theme.error()),
        };
        doc.item(
            Line::from(vec![
                Span::styled(format!("{time:<TIME$}"), theme.dim()),
                Span::styled(format!("{prefix}{}", safe_line(&message.text)), style),
            ]),
            TIME,
        );
    }
    doc
}

pub fn conflict(app: &App, conflict: &SyncConflict, width: u16, theme: &Theme) -> Doc {
    let mut doc = Doc::new(width);
    let repo = safe_line(&conflict.repo.display().to_string()).into_owned();
    let files: Vec<String> = conflict
        .files
        .iter()
        .map(|f| safe_line(f).into_owned())
        .collect();
    let sync = app.keymap.label(Mode::Board, Command::Sync);
    let problems = app.keymap.label(Mode::Board, Command::Problems);
    let code = |text: String| Span::styled(text, theme.key());
    if conflict.rebasing {
        doc.line(Line::from(vec![
            Span::raw("git stopped in the middle of a rebase ("),
            code("git pull --rebase".into()),
            Span::raw(format!(
                ") in {repo}: your commits and the upstream's changed the same lines."
            )),
        ]));
    } else {
        doc.line(format!(
            "git pulled, but putting back your other uncommitted changes (its autostash) conflicted in {repo}."
        ));
    }
    doc.blank();
    doc.line(Span::styled(
        match files.len() {
            0 => "The conflicting files (git did not name them):".to_string(),
            n => format!(
                "The conflicting {} (relative to {repo}):",
                crate::model::words::noun_for(n, "file")
            ),
        },
        theme.bold(),
    ));
    for file in &files {
        doc.item(format!("  {file}"), 2);
    }
    doc.blank();
    doc.line(Span::styled("To finish, in a shell:", theme.bold()));
    doc.item(
        Line::from(vec![Span::raw("  1. "), code(format!("cd {repo}"))]),
        3,
    );
    doc.item(
        Line::from(vec![Span::raw(format!(
            "  2. edit each file to keep the right version, between the <<<<<<< and >>>>>>> markers (`mlboard check` lists them; {problems} here too)"
        ))]),
        3,
    );
    let add = if files.is_empty() {
        "git add FILE…".to_string()
    } else {
        format!("git add {}", files.join(" "))
    };
    doc.item(Line::from(vec![Span::raw("  3. "), code(add)]), 3);
    if conflict.rebasing {
        doc.item(
            Line::from(vec![
                Span::raw("  4. "),
                code("git rebase --continue".into()),
            ]),
            3,
        );
        doc.item(
            format!("  then {sync} syncs again (it pushes what the rebase made)."),
            3,
        );
        doc.blank();
        doc.line(Span::styled("Or go back to before the pull:", theme.bold()));
        doc.item(
            Line::from(vec![Span::raw("  "), code("git rebase --abort".into())]),
            2,
        );
    } else {
        doc.item(
            "  your uncommitted changes are also kept in `git stash list`; drop that entry once they are back",
            3,
        );
    }
    doc.blank();
    doc.line(Span::styled(
        "Meanwhile the board shows the files as they are on disk; nothing you committed is lost.",
        theme.dim(),
    ));
    doc
}
