//! The card form, the review form, the role picker and the filter picker.

use super::popups::{centered, frame_popup};
use super::text::fit;
use super::theme::Theme;
use crate::app::App;
use crate::app::fields::{LineField, RoleChecklist, TextField};
use crate::app::forms::{CardField, CardForm, CardFormKind, ReviewField, ReviewForm};
use crate::app::popup::FilterPicker;
use crate::model::{CardId, ReviewerRole, Role, Verdict};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

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

/// Rows of a field: framed when the form fits, one row when the terminal is short.
fn field_rows(compact: bool) -> Constraint {
    Constraint::Length(if compact { 1 } else { 3 })
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
    let resting = Paragraph::new(fit(&field.text(), width));
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
    let resting = Paragraph::new(field.text()).wrap(Wrap { trim: false });
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

pub fn draw_card_form(frame: &mut Frame, area: Rect, form: &CardForm, theme: &Theme) {
    let title = match &form.kind {
        CardFormKind::New { phase } => format!("New card in {phase}"),
        CardFormKind::Edit { .. } => "Edit card".to_string(),
    };
    let outer = centered(area, 80, 24);
    let inner = frame_popup(
        frame,
        outer,
        &title,
        "Tab field · Enter/Ctrl+s save · Esc cancel",
        theme,
    );
    // Title, description, the seven roles, labels and due date side by side, the
    // error line.
    let compact = inner.height < 3 + 3 + 9 + 3 + 1;
    let [title_area, desc_area, roles_area, extra_area, error_area] = Layout::vertical([
        field_rows(compact),
        if compact {
            Constraint::Length(2)
        } else {
            Constraint::Min(3)
        },
        if compact {
            Constraint::Min(1)
        } else {
            Constraint::Length(9)
        },
        field_rows(compact),
        Constraint::Length(1),
    ])
    .areas(inner);
    // The due field's label says the format; one row wide enough for it and a date.
    let due_width = if compact { 30 } else { 24 };
    let [labels_area, due_area] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(due_width)]).areas(extra_area);
    draw_line(
        frame,
        title_area,
        "Title",
        &form.title,
        form.focus == CardField::Title,
        theme,
    );
    draw_text(
        frame,
        desc_area,
        "Description",
        &form.description,
        form.focus == CardField::Description,
        theme,
    );
    let focused = form.focus == CardField::Roles;
    let roles_inner = framed_field(frame, roles_area, "Roles (Space toggles)", focused, theme);
    frame.render_widget(
        role_list(&form.roles, focused, roles_inner.height, theme),
        roles_inner,
    );
    draw_line(
        frame,
        labels_area,
        "Labels",
        &form.labels,
        form.focus == CardField::Labels,
        theme,
    );
    draw_line(
        frame,
        due_area,
        "Due (YYYY-MM-DD)",
        &form.due,
        form.focus == CardField::Due,
        theme,
    );
    frame.render_widget(Paragraph::new(error_line(&form.error, theme)), error_area);
}

pub fn draw_roles_picker(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    card: &CardId,
    list: &RoleChecklist,
    theme: &Theme,
) {
    let outer = centered(area, 72, 11);
    let title = app.board.card_by_id(card).map_or_else(
        || "Roles".to_string(),
        |c| format!("Roles of {}", fit(&c.title, 50)),
    );
    let inner = frame_popup(
        frame,
        outer,
        &title,
        "Space toggles, saved at once · Esc close",
        theme,
    );
    frame.render_widget(role_list(list, true, inner.height, theme), inner);
}

pub fn draw_filter_picker(frame: &mut Frame, area: Rect, picker: &FilterPicker, theme: &Theme) {
    // The roles, a blank line and "Labels", the labels, a blank line, awaiting review.
    let label_rows = if picker.labels.is_empty() {
        0
    } else {
        picker.labels.len() as u16 + 2
    };
    let rows = Role::ALL.len() as u16 + label_rows + 2;
    let outer = centered(area, 72, rows + 2);
    let inner = frame_popup(
        frame,
        outer,
        "Filter the board",
        "Space toggle · Enter apply · Esc clear",
        theme,
    );
    let roles = RoleChecklist {
        roles: picker.roles,
        cursor: picker.cursor.min(Role::ALL.len() - 1),
    };
    let mut lines = role_lines(&roles, picker.cursor < Role::ALL.len(), theme);
    let mut cursor_row = picker.cursor;
    if !picker.labels.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Labels", theme.bold())));
        for (i, label) in picker.labels.iter().enumerate() {
            let checked = if picker.chosen.contains(label) {
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
        // The two lines above the labels are not the picker's.
        if picker.cursor >= Role::ALL.len() {
            cursor_row += 2;
        }
    }
    let checked = if picker.awaiting_review { "[x]" } else { "[ ]" };
    let style = if picker.cursor + 1 == picker.lines() {
        theme.selected()
    } else {
        Style::default()
    };
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("w {checked} only cards awaiting a stakeholder review"),
        style,
    )));
    if picker.cursor + 1 == picker.lines() {
        cursor_row += 1;
    }
    // A board with many labels scrolls the list to keep the cursor in view.
    let offset = (cursor_row as u16).saturating_sub(inner.height.saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((offset, 0)), inner);
}

fn choice_line<T: Copy + PartialEq>(
    values: &[T],
    current: T,
    name: impl Fn(T) -> String,
    focused: bool,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::new();
    for value in values {
        let chosen = *value == current;
        let text = if chosen {
            format!("(•) {}  ", name(*value))
        } else {
            format!("( ) {}  ", name(*value))
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

pub fn draw_review_form(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    form: &ReviewForm,
    theme: &Theme,
) {
    let outer = centered(area, 76, 17);
    let (card_title, phase) = app.board.card_by_id(&form.card).map_or_else(
        || (String::new(), String::new()),
        |c| (fit(&c.title, 50), c.phase.to_string()),
    );
    let title = format!("Review \"{card_title}\" in {phase}");
    let inner = frame_popup(
        frame,
        outer,
        &title,
        "Tab field · ←/→ choose · Enter/Ctrl+s save · Esc cancel",
        theme,
    );
    let [
        reviewer_area,
        role_area,
        verdict_area,
        note_area,
        error_area,
    ] = Layout::vertical({
        let compact = inner.height < 4 * 3 + 1;
        [
            field_rows(compact),
            field_rows(compact),
            field_rows(compact),
            field_rows(compact),
            Constraint::Length(1),
        ]
    })
    .areas(inner);
    draw_line(
        frame,
        reviewer_area,
        "Reviewer",
        &form.reviewer,
        form.focus == ReviewField::Reviewer,
        theme,
    );
    let focused = form.focus == ReviewField::Role;
    let role_inner = framed_field(frame, role_area, "Role", focused, theme);
    frame.render_widget(
        Paragraph::new(choice_line(
            &ReviewerRole::ALL,
            form.role,
            |r| r.role().label().to_string(),
            focused,
            theme,
        )),
        role_inner,
    );
    let focused = form.focus == ReviewField::Verdict;
    let verdict_inner = framed_field(frame, verdict_area, "Verdict", focused, theme);
    frame.render_widget(
        Paragraph::new(choice_line(
            &Verdict::ALL,
            form.verdict,
            |v| v.name().to_string(),
            focused,
            theme,
        )),
        verdict_inner,
    );
    draw_line(
        frame,
        note_area,
        "Note",
        &form.note,
        form.focus == ReviewField::Note,
        theme,
    );
    frame.render_widget(Paragraph::new(error_line(&form.error, theme)), error_area);
}
