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
use ratatui::layout::{Constraint, Layout};

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if too_small(area.width, area.height) {
        chrome::draw_too_small(frame, area, theme);
        return;
    }
    let banner = u16::from(app.has_banner());
    let [status, banner_area, columns, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::draw_status(frame, status, app, theme);
    if banner > 0 {
        chrome::draw_banner(frame, banner_area, app, theme);
    }
    board::draw_columns(frame, columns, app, theme);
    chrome::draw_footer(frame, footer, app, theme);
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
        Popup::CardForm(form) => forms::draw_card_form(frame, area, form, theme),
        Popup::Roles { card, list } => {
            forms::draw_roles_picker(frame, area, app, card, list, theme)
        }
        Popup::Review(form) => forms::draw_review_form(frame, area, app, form, theme),
        Popup::Search(search) => search::draw_search(frame, area, app, search, theme),
        Popup::Filter(picker) => forms::draw_filter_picker(frame, area, picker, theme),
        Popup::ConfirmDelete { card } => popups::draw_confirm_delete(frame, area, app, card, theme),
        Popup::Insights {
            insights,
            page,
            scroll,
        } => insights::draw_insights(frame, area, insights, *page, *scroll, theme),
    }
}
