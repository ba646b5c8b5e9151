//! The status line, the problems banner, the footer, and the too-small screen.

use super::text::fit;
use super::theme::Theme;
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Tone};
use crate::keymap::{Command, Mode};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = vec![
        Span::styled(" mlboard ", theme.key()),
        Span::raw("│ "),
        Span::styled(fit(&app.board.settings.name, 40), theme.bold()),
        Span::raw(" │ "),
        // SPEC §3: the gate policy is always in sight, so nobody wonders why a move
        // was refused or flagged.
        Span::styled(format!("gate: {:?} ", app.board.settings.gate), theme.dim()),
    ];
    if app.view.filter.is_active() {
        spans.push(Span::raw("│ "));
        spans.push(Span::styled(
            format!("filter: {} ", app.view.filter.describe()),
            theme.warning(),
        ));
    }
    if app.view.show_archived {
        spans.push(Span::raw("│ "));
        spans.push(Span::styled("archived shown ", theme.dim()));
    }
    if app.syncing {
        spans.push(Span::raw("│ "));
        spans.push(Span::styled("syncing… ", theme.warning()));
    }
    if let Some(status) = &app.status {
        let (prefix, style) = match status.tone {
            Tone::Info => ("", theme.info()),
            Tone::Warning => ("⚠ ", theme.warning()),
            Tone::Error => ("✗ ", theme.error()),
        };
        spans.push(Span::raw("│ "));
        // A message too long for the line ends in `…`; `m` shows it whole.
        let used: usize = spans.iter().map(|s| s.width()).sum();
        let room = usize::from(area.width).saturating_sub(used);
        spans.push(Span::styled(
            fit(&format!("{prefix}{}", status.text), room),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn draw_banner(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let text = match (&app.read_only, app.problems.len()) {
        (Some(reason), _) => format!(" ⚠ read-only: {}", fit(reason, 200)),
        (None, 1) => format!(
            " ⚠ 1 file could not be read — press {} to list it",
            app.keymap.label(Mode::Board, Command::Problems)
        ),
        (None, n) => format!(
            " ⚠ {n} files could not be read — press {} to list them",
            app.keymap.label(Mode::Board, Command::Problems)
        ),
    };
    frame.render_widget(Paragraph::new(Span::styled(text, theme.warning())), area);
}

pub fn draw_footer(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for (keys, label) in app.keymap.hint_items(crate::app::layout::FOOTER) {
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn draw_too_small(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let quit = app.keymap.label(Mode::Board, Command::Quit);
    let text = vec![
        Line::from(Span::styled("Terminal too small", theme.warning())),
        Line::from(format!(
            "{}×{} — mlboard needs at least {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::from(format!("Enlarge the window, or press {quit} to quit.")),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
