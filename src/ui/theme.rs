//! Colours and styles. With `NO_COLOR` set, only modifiers (bold, reversed, dim) are
//! used; every signal also reads as text, so nothing depends on colour.

use crate::model::{CardState, Role};
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` convention asks otherwise.
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::default().fg(color)
        } else {
            Style::default()
        }
    }

    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        Style::default().add_modifier(Modifier::DIM)
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// A bordered block, thick and highlighted when it has the focus (the thickness
    /// marks focus without colour).
    pub fn block(&self, focused: bool) -> ratatui::widgets::Block<'static> {
        use ratatui::widgets::{Block, BorderType, Borders};
        Block::default()
            .borders(Borders::ALL)
            .border_type(if focused {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(if focused {
                self.focused_border()
            } else {
                self.border()
            })
    }

    pub fn focused_border(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn over_limit(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn info(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn highlight(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn role(&self, role: Role) -> Style {
        self.fg(match role {
            Role::BusinessStakeholder => Color::Magenta,
            Role::SubjectMatterExpert => Color::LightMagenta,
            Role::DataEngineer => Color::Blue,
            Role::DataScientist => Color::Green,
            Role::SoftwareEngineer => Color::Cyan,
            Role::MlEngineer => Color::Yellow,
            Role::BackendEngineer => Color::LightBlue,
        })
    }

    pub fn state(&self, state: CardState) -> Style {
        match state {
            CardState::Passed => self.fg(Color::Green),
            CardState::AwaitingReview => self.fg(Color::Gray),
            CardState::Rework => self.fg(Color::Yellow),
            CardState::Stopped => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }
}
