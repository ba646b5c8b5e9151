//! The forms (card, review) drawn from their list of fields, the role picker, the
//! filter and the list of boards. Every hint comes from the live key map.

use super::popups::{centered, draw_scrollbar, frame_popup};
use super::text::fit;
use super::theme::Theme;
use crate::app::App;
use crate::app::card_form::{CardForm, CardFormKind};
use crate::app::fields::{ChoiceField, LineField, RoleChecklist, TextField};
use crate::app::form::{Form, Input};
use crate::app::pickers::{BoardList, FilterPicker, RolePicker};
use crate::app::popup::Extent;
use crate::app::review_form::ReviewForm;
use crate::keymap::{Command, Hint, Mode, hint};
use crate::model::Role;
use crate::model::metric::summaries;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

const CARD_FORM_HINTS: &[Hint] = &[
    hint(&[(Mode::Form, Command::NextField)], "field"),
    hint(
        &[(Mode::Text, Command::Submit), (Mode::Form, Command::Save)],
        "save",
    ),
    hint(&[(Mode::Form, Command::Cancel)], "cancel"),
];

const REVIEW_FORM_HINTS: &[Hint] = &[
    hint(&[(Mode::Form, Command::NextField)], "field"),
    hint(
        &[
            (Mode::Choice, Command::PrevChoice),
            (Mode::Choice, Command::NextChoice),
        ],
        "choose",
    ),
    hint(
        &[(Mode::Text, Command::Submit), (Mode::Form, Command::Save)],
        "save",
    ),
    hint(&[(Mode::Form, Command::Cancel)], "cancel"),
];

fn field_block<'a>(label: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    theme.block(focused).title(Span::styled(
        format!(" {label} "),
        if focused { theme.bold() } else { theme.dim() },
    ))
}

/// Draws a field's frame and returns the area inside it. In a terminal too short for
/// frames the field is one `label: value` row, the focused one marked with `▸`.
fn framed_field(frame: &mut Frame, area: Rect, label: &str, focused: bool, theme: &Theme) -> Rect {
    if area.height < 3 {
        let marker = if focused { "▸" } else { " " };
        let text = format!("{marker}{label}: ");
        let width = (text.chars().count() as u16).min(area.width);
        let style = if focused { theme.bold() } else { theme.dim() };
        frame.render_widget(
            Paragraph::new(Span::styled(text, style)),
            Rect { width, ..area },
        );
        return Rect {
            x: area.x + width,
            width: area.width - width,
            ..area
        };
    }
    let block = field_block(label, focused, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// The rows a field wants, framed; and in a terminal too short for frames.
fn rows(input: &Input, compact: bool) -> Constraint {
    match (input, compact) {
        (Input::Line(_) | Input::Choice(_), false) => Constraint::Length(3),
        (Input::Line(_) | Input::Choice(_), true) => Constraint::Length(1),
        (Input::Text(_), false) => Constraint::Min(3),
        (Input::Text(_), true) => Constraint::Length(2),
        (Input::Roles(_), false) => Constraint::Length(9),
        (Input::Roles(_), true) => Constraint::Min(1),
    }
}

/// The height a form asks for: its fields framed (a description gets nine rows),
/// the error line and the popup's border.
fn form_height(form: &Form) -> u16 {
    let fields: u16 = form
        .fields
        .iter()
        .map(|f| match f.input {
            Input::Text(_) | Input::Roles(_) => 9,
            _ => 3,
        })
        .sum();
    fields + 1 + 2
}

/// The smallest height at which every field is framed.
fn framed_height(form: &Form) -> u16 {
    let fields: u16 = form
        .fields
        .iter()
        .map(|f| match f.input {
            Input::Roles(_) => 9,
            _ => 3,
        })
        .sum();
    fields + 1
}

/// A form in a centred popup: its fields in order, then the error line.
///
/// `preamble` are lines shown above the fields (the review form's key metrics); on a
/// small screen they give way first, so the fields keep their room.
fn draw_form(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    form: &Form,
    (width, title, hints): (u16, &str, &[Hint]),
    preamble: Vec<Line<'static>>,
    theme: &Theme,
) {
    let wanted = if preamble.is_empty() {
        0
    } else {
        (preamble.len() as u16).min(8)
    };
    let outer = centered(area, width, form_height(form) + wanted);
    let inner = frame_popup(frame, outer, title, &app.keymap.hint(hints), theme);
    let preamble_rows = wanted.min(inner.height.saturating_sub(framed_height(form)));
    let [preamble_area, inner] =
        Layout::vertical([Constraint::Length(preamble_rows), Constraint::Min(0)]).areas(inner);
    if preamble_rows > 0 {
        frame.render_widget(Paragraph::new(preamble), preamble_area);
    }
    let compact = inner.height < framed_height(form);
    let mut constraints: Vec<Constraint> = form
        .fields
        .iter()
        .map(|f| rows(&f.input, compact))
        .collect();
    constraints.push(Constraint::Length(1));
    let areas = Layout::vertical(constraints).split(inner);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let area = areas[i];
        match &field.input {
            Input::Line(line) => draw_line(frame, area, field.label, line, focused, theme),
            Input::Text(text) => draw_text(frame, area, field.label, text, focused, theme),
            Input::Choice(choice) => {
                let inner = framed_field(frame, area, field.label, focused, theme);
                frame.render_widget(Paragraph::new(choice_line(choice, focused, theme)), inner);
            }
            Input::Roles(list) => {
                let toggle = app.keymap.label(Mode::Picker, Command::Toggle);
                let label = format!("{} ({toggle} toggles)", field.label);
                let inner = framed_field(frame, area, &label, focused, theme);
                frame.render_widget(role_list(list, focused, inner.height, theme), inner);
            }
        }
    }
    frame.render_widget(
        Paragraph::new(error_line(&form.error, theme)),
        areas[form.fields.len()],
    );
}

/// The role list scrolled so the cursor stays in view.
fn role_list(
    list: &RoleChecklist,
    focused: bool,
    height: u16,
    theme: &Theme,
) -> Paragraph<'static> {
    let offset = (list.cursor as u16).saturating_sub(height.saturating_sub(1));
    Paragraph::new(role_lines(list, focused, theme)).scroll((offset, 0))
}

/// A text field: the live editor (with its cursor) when focused, `resting` otherwise.
fn draw_field(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    editor: &ratatui_textarea::TextArea<'static>,
    resting: Paragraph,
    focused: bool,
    theme: &Theme,
) {
    let inner = framed_field(frame, area, label, focused, theme);
    if focused {
        frame.render_widget(editor, inner);
    } else {
        frame.render_widget(resting, inner);
    }
}

fn draw_line(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    field: &LineField,
    focused: bool,
    theme: &Theme,
) {
    // The resting text is cut to the field; a frame takes two columns.
    let width = usize::from(area.width.saturating_sub(2));
    let resting = Paragraph::new(fit(&field.0.lines().join(" "), width));
    draw_field(frame, area, label, &field.0, resting, focused, theme);
}

fn draw_text(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    field: &TextField,
    focused: bool,
    theme: &Theme,
) {
    // What the editor holds: the card's text with its unsafe characters escaped.
    let resting = Paragraph::new(field.0.lines().join("\n")).wrap(Wrap { trim: false });
    draw_field(frame, area, label, &field.0, resting, focused, theme);
}

fn role_lines(list: &RoleChecklist, focused: bool, theme: &Theme) -> Vec<Line<'static>> {
    Role::ALL
        .iter()
        .enumerate()
        .map(|(i, role)| {
            let checked = if list.roles.contains(*role) {
                "[x]"
            } else {
                "[ ]"
            };
            let cursor = focused && i == list.cursor;
            let style = if cursor {
                theme.selected()
            } else {
                Style::default()
            };
            Line::from(vec![
                Span::styled(format!("{} {checked} ", i + 1), style),
                Span::styled(format!("{:<4}", role.tag()), style.patch(theme.role(*role))),
                Span::styled(format!("{:<22}", role.label()), style),
                Span::styled(role.involvement().to_string(), style.patch(theme.dim())),
            ])
        })
        .collect()
}

fn error_line(error: &Option<String>, theme: &Theme) -> Line<'static> {
    match error {
        Some(text) => Line::from(Span::styled(format!("✗ {text}"), theme.error())),
        None => Line::from(""),
    }
}

pub fn draw_card_form(frame: &mut Frame, area: Rect, app: &App, form: &CardForm, theme: &Theme) {
    let title = match &form.kind {
        CardFormKind::New { phase } => format!("New card in {phase}"),
        CardFormKind::Edit { .. } => "Edit card".to_string(),
    };
    draw_form(
        frame,
        area,
        app,
        &form.form,
        (80, &title, CARD_FORM_HINTS),
        Vec::new(),
        theme,
    );
}

pub fn draw_review_form(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    form: &ReviewForm,
    theme: &Theme,
) {
    let (card_title, phase) = app.board.card_by_id(&form.card).map_or_else(
        || (String::new(), String::new()),
        |c| (fit(&c.title, 50), c.phase.to_string()),
    );
    let title = format!("Review \"{card_title}\" in {phase}");
    // The evidence first: the board's key metrics above the fields (SPEC §3).
    let metrics = summaries(&app.board.settings.metrics, &app.board.measurements);
    let mut preamble = Vec::new();
    if !metrics.is_empty() {
        preamble.push(Line::from(Span::styled(
            "Key metrics (goal, latest, status)",
            theme.bold(),
        )));
        preamble.extend(
            metrics
                .iter()
                .map(|s| super::card_view::summary_line(s, theme)),
        );
    }
    draw_form(
        frame,
        area,
        app,
        &form.form,
        (76, &title, REVIEW_FORM_HINTS),
        preamble,
        theme,
    );
}

/// The role picker's frame: the seven roles, as tall as the screen allows.
fn roles_area(area: Rect) -> Rect {
    centered(area, 72, Role::ALL.len() as u16 + 4)
}

pub fn roles_extent(area: Rect) -> Extent {
    Extent {
        rows: roles_area(area).height.saturating_sub(2),
        total: Role::ALL.len() as u16,
    }
}

pub fn draw_roles_picker(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    picker: &RolePicker,
    theme: &Theme,
) {
    let outer = roles_area(area);
    let title = app.board.card_by_id(&picker.card).map_or_else(
        || "Roles".to_string(),
        |c| format!("Roles of {}", fit(&c.title, 50)),
    );
    let hints = [
        hint(&[(Mode::Picker, Command::Toggle)], "toggles, saved at once"),
        hint(
            &[
                (Mode::Picker, Command::Close),
                (Mode::Picker, Command::Submit),
            ],
            "close",
        ),
    ];
    let inner = frame_popup(frame, outer, &title, &app.keymap.hint(&hints), theme);
    frame.render_widget(
        Paragraph::new(role_lines(&picker.list, true, theme)).scroll((picker.scroll.offset(), 0)),
        inner,
    );
    draw_scrollbar(frame, outer, picker.scroll, theme);
}

pub fn draw_filter_picker(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    picker: &FilterPicker,
    theme: &Theme,
) {
    let outer = filter_area(picker, area);
    let hints = [
        hint(&[(Mode::Picker, Command::Toggle)], "toggle"),
        hint(&[(Mode::Picker, Command::Submit)], "apply"),
        hint(&[(Mode::Picker, Command::Close)], "clear"),
    ];
    let inner = frame_popup(
        frame,
        outer,
        "Filter the board",
        &app.keymap.hint(&hints),
        theme,
    );
    let list = RoleChecklist {
        roles: picker.filter.roles,
        cursor: picker.cursor.min(Role::ALL.len() - 1),
    };
    let mut lines = role_lines(&list, picker.cursor < Role::ALL.len(), theme);
    if !picker.labels.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Labels", theme.bold())));
        for (i, label) in picker.labels.iter().enumerate() {
            let checked = if picker.filter.labels.contains(label) {
                "[x]"
            } else {
                "[ ]"
            };
            let style = if picker.cursor == Role::ALL.len() + i {
                theme.selected()
            } else {
                Style::default()
            };
            lines.push(Line::from(Span::styled(
                format!("  {checked} #{}", fit(label.as_str(), 60)),
                style,
            )));
        }
    }
    let checked = if picker.filter.awaiting_review {
        "[x]"
    } else {
        "[ ]"
    };
    let style = if picker.on_awaiting() {
        theme.selected()
    } else {
        Style::default()
    };
    let key = app.keymap.label(Mode::Picker, Command::AwaitingReview);
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("{key} {checked} only cards awaiting a stakeholder review"),
        style,
    )));
    // A board with many labels scrolls the list (`update` keeps the cursor in view).
    frame.render_widget(
        Paragraph::new(lines).scroll((picker.scroll.offset(), 0)),
        inner,
    );
    draw_scrollbar(frame, outer, picker.scroll, theme);
}

/// The filter's frame: its rows (`FilterPicker::rows`), as tall as the screen allows.
fn filter_area(picker: &FilterPicker, area: Rect) -> Rect {
    let rows = u16::try_from(picker.rows()).unwrap_or(u16::MAX);
    centered(area, 72, rows.saturating_add(2))
}

pub fn filter_extent(picker: &FilterPicker, area: Rect) -> Extent {
    Extent {
        rows: filter_area(picker, area).height.saturating_sub(2),
        total: u16::try_from(picker.rows()).unwrap_or(u16::MAX),
    }
}

/// The rows of the list of boards: one per board (or "No boards yet."), and the
/// error when the list could not be read.
fn board_list_rows(list: &BoardList) -> u16 {
    let boards = u16::try_from(list.boards.len()).unwrap_or(u16::MAX);
    boards.max(1) + u16::from(list.error.is_some())
}

fn board_list_area(list: &BoardList, area: Rect) -> Rect {
    centered(area, 100, board_list_rows(list).saturating_add(2))
}

pub fn board_list_extent(list: &BoardList, area: Rect) -> Extent {
    Extent {
        rows: board_list_area(list, area).height.saturating_sub(2),
        total: board_list_rows(list),
    }
}

pub fn draw_board_list(frame: &mut Frame, area: Rect, app: &App, list: &BoardList, theme: &Theme) {
    let outer = board_list_area(list, area);
    let hints = [
        hint(
            &[(Mode::Picker, Command::Down), (Mode::Picker, Command::Up)],
            "choose",
        ),
        hint(&[(Mode::Picker, Command::Submit)], "open"),
        hint(&[(Mode::Picker, Command::Close)], "close"),
    ];
    let inner = frame_popup(
        frame,
        outer,
        "Boards opened before",
        &app.keymap.hint(&hints),
        theme,
    );
    let mut lines = Vec::new();
    if let Some(error) = &list.error {
        lines.push(Line::from(Span::styled(fit(error, 200), theme.error())));
    } else if list.boards.is_empty() {
        lines.push(Line::from(Span::styled("No boards yet.", theme.dim())));
    }
    let width = usize::from(inner.width);
    let offset = usize::from(list.scroll.offset());
    for (i, board) in list.boards.iter().enumerate().skip(offset) {
        let selected = i == list.cursor;
        let base = if selected {
            theme.selected()
        } else {
            Style::default()
        };
        let (name, style) = match (&board.name, board.current) {
            (Some(name), true) => (
                format!("{} (open)", fit(name, 40)),
                base.patch(theme.bold()),
            ),
            (Some(name), false) => (fit(name, 40), base.patch(theme.bold())),
            (None, _) => (
                "no board here any more".to_string(),
                base.patch(theme.warning()),
            ),
        };
        let path = fit(&board.path.display().to_string(), width.saturating_sub(44));
        lines.push(Line::from(vec![
            Span::styled(if selected { "▌" } else { " " }, base),
            Span::styled(format!("{name:<42}"), style),
            Span::styled(path, base.patch(theme.dim())),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    draw_scrollbar(frame, outer, list.scroll, theme);
}

fn choice_line(choice: &ChoiceField, focused: bool, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, value) in choice.options.iter().enumerate() {
        let chosen = i == choice.selected;
        let text = if chosen {
            format!("(•) {value}  ")
        } else {
            format!("( ) {value}  ")
        };
        let style = if chosen && focused {
            theme.selected()
        } else if chosen {
            theme.bold()
        } else {
            Style::default()
        };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}
