//! The UI layer: draws the app's state and changes nothing.

mod board;
mod chrome;
mod forms;
mod insights;
mod popups;
mod search;
pub mod text;
pub mod theme;

pub use board::card_lines;
use theme::Theme;

use crate::app::App;
use crate::app::layout::too_small;
use crate::app::popup::Popup;
use ratatui::Frame;

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

fn draw_popup(frame: &mut Frame, app: &App, popup: &Popup, theme: &Theme) {
    let area = frame.area();
    match popup {
        Popup::Help(scroll) => popups::draw_help(frame, area, app, *scroll, theme),
        Popup::Problems(scroll) => popups::draw_problems(frame, area, app, *scroll, theme),
        Popup::Detail { card, scroll } => {
            popups::draw_detail(frame, area, app, card, *scroll, theme)
        }
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
    }
}
