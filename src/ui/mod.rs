//! The UI layer: draws the app's state and changes nothing. Each popup's layout is a
//! pure function of the state and the screen size, which `update` also asks for
//! (`popup_extent`), so scroll offsets are clamped in `update` and only read here.

mod board;
mod card_view;
mod chrome;
mod forms;
mod insights;
mod messages;
mod popups;
mod search;
pub mod text;
pub mod theme;
pub mod wrap;

pub use board::card_lines;
use theme::Theme;

use crate::app::App;
use crate::app::layout::too_small;
use crate::app::popup::{Extent, Popup};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    // The palette's text and background under everything.
    frame.render_widget(ratatui::widgets::Block::new().style(theme.base()), area);
    if too_small(area.width, area.height) {
        chrome::draw_too_small(frame, area, app, theme);
        return;
    }
    let screen = crate::app::layout::screen(area.width, area.height, app.has_banner());
    chrome::draw_status(frame, screen.status, app, theme);
    if screen.banner.height > 0 {
        chrome::draw_banner(frame, screen.banner, app, theme);
    }
    board::draw_columns(frame, &screen.columns, app, theme);
    chrome::draw_footer(frame, screen.footer, app, theme);
    if let Some(popup) = &app.popup {
        draw_popup(frame, app, popup, theme);
    }
}

/// The open popup's viewport and content sizes, in rows, on the app's screen: what
/// `update` clamps the popup's scroll against. `None` when no popup scrolls.
pub fn popup_extent(app: &App) -> Option<Extent> {
    let popup = app.popup.as_ref()?;
    let (width, height) = app.size;
    if too_small(width, height) {
        return None;
    }
    let area = Rect::new(0, 0, width, height);
    // The measure needs the text, not its colours.
    let theme = Theme::plain();
    if let Some(text) = popups::text_popup(app, popup, area, &theme) {
        return Some(text.extent());
    }
    match popup {
        Popup::Insights { insights, page, .. } => insights::extent(insights, *page, area),
        Popup::Roles(_) => Some(forms::roles_extent(area)),
        Popup::Filter(picker) => Some(forms::filter_extent(picker, area)),
        Popup::Boards(list) => Some(forms::board_list_extent(list, area)),
        Popup::Search(search) => Some(search::extent(search, area)),
        _ => None,
    }
}

fn draw_popup(frame: &mut Frame, app: &App, popup: &Popup, theme: &Theme) {
    let area = frame.area();
    if let Some(text) = popups::text_popup(app, popup, area, theme) {
        text.draw(frame, popup.scroll(), theme);
        return;
    }
    match popup {
        Popup::CardForm(form) => forms::draw_card_form(frame, area, app, form, theme),
        Popup::Roles(picker) => forms::draw_roles_picker(frame, area, app, picker, theme),
        Popup::Review(form) => forms::draw_review_form(frame, area, app, form, theme),
        Popup::Search(search) => search::draw_search(frame, area, app, search, theme),
        Popup::Filter(picker) => forms::draw_filter_picker(frame, area, app, picker, theme),
        Popup::Boards(list) => forms::draw_board_list(frame, area, app, list, theme),
        Popup::ConfirmDelete { card } => popups::draw_confirm_delete(frame, area, app, card, theme),
        Popup::Insights {
            insights,
            page,
            scroll,
        } => insights::draw_insights(frame, area, app, insights, *page, *scroll, theme),
        Popup::Help(_)
        | Popup::Problems(_)
        | Popup::Messages(_)
        | Popup::Conflict { .. }
        | Popup::Detail { .. } => {}
    }
}
