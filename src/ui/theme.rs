//! Colours and styles. Three palettes (`Dark`, `Light`, `HighContrast`), each chosen
//! so text reads against its background (a test checks the contrast ratios); with
//! `NO_COLOR` set only modifiers (bold, reversed, dim) are used. Every signal also
//! reads as text, so nothing depends on colour.

use crate::model::{CardState, Role};
pub use crate::store::user::ThemeName;
use ratatui::style::{Color, Modifier, Style};

/// A palette: 256-colour indices, so what the user sees does not depend on how the
/// terminal's sixteen named colours happen to be tuned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The screen's text and background; `None` keeps the terminal's own.
    pub text: Option<Color>,
    pub background: Option<Color>,
    /// Secondary text; `None` dims the text instead (the `DIM` modifier).
    pub muted: Option<Color>,
    pub border: Color,
    pub focus: Color,
    pub info: Color,
    pub warning: Color,
    pub error: Color,
    /// In the order of `Role::ALL`.
    pub roles: [Color; 7],
    /// In the order of `CardState::ALL`.
    pub states: [Color; 4],
    /// Bold on the selection as well as reversed (for HighContrast).
    pub bold_selection: bool,
}

const fn ix(n: u8) -> Color {
    Color::Indexed(n)
}

/// For dark terminal backgrounds.
const DARK: Palette = Palette {
    text: None,
    background: None,
    muted: None,
    border: ix(247),
    focus: ix(81),
    info: ix(114),
    warning: ix(221),
    error: ix(203),
    roles: [ix(213), ix(183), ix(75), ix(114), ix(80), ix(221), ix(153)],
    states: [ix(114), ix(250), ix(221), ix(203)],
    bold_selection: false,
};

/// Dark text on a light grey background.
const LIGHT: Palette = Palette {
    text: Some(ix(235)),
    background: Some(ix(255)),
    muted: Some(ix(241)),
    border: ix(241),
    focus: ix(25),
    info: ix(22),
    warning: ix(94),
    error: ix(124),
    roles: [ix(90), ix(54), ix(25), ix(22), ix(23), ix(94), ix(24)],
    states: [ix(22), ix(241), ix(94), ix(124)],
    bold_selection: false,
};

/// White on black, bright colours, nothing dimmed.
const HIGH_CONTRAST: Palette = Palette {
    text: Some(ix(231)),
    background: Some(ix(16)),
    muted: Some(ix(252)),
    border: ix(231),
    focus: ix(226),
    info: ix(46),
    warning: ix(226),
    error: ix(203),
    roles: [
        ix(213),
        ix(219),
        ix(117),
        ix(120),
        ix(123),
        ix(229),
        ix(231),
    ],
    states: [ix(46), ix(231), ix(226), ix(203)],
    bold_selection: true,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `None`: no colour at all (`NO_COLOR`).
    palette: Option<Palette>,
}

impl Theme {
    /// A theme by name; `no_color` (the `NO_COLOR` convention) wins over it.
    pub fn new(name: ThemeName, no_color: bool) -> Theme {
        let palette = match name {
            ThemeName::Dark => DARK,
            ThemeName::Light => LIGHT,
            ThemeName::HighContrast => HIGH_CONTRAST,
        };
        Theme {
            palette: (!no_color).then_some(palette),
        }
    }

    /// A theme by name, unless `NO_COLOR` is set (to anything but the empty string).
    pub fn from_env(name: ThemeName) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(name, no_color)
    }

    /// No colour: what `NO_COLOR` gives.
    pub fn plain() -> Theme {
        Theme { palette: None }
    }

    pub fn palette(&self) -> Option<&Palette> {
        self.palette.as_ref()
    }

    fn fg(&self, pick: impl Fn(&Palette) -> Color) -> Style {
        match &self.palette {
            Some(p) => Style::default().fg(pick(p)),
            None => Style::default(),
        }
    }

    /// The whole screen: the palette's text on its background.
    pub fn base(&self) -> Style {
        let mut style = Style::default();
        if let Some(p) = &self.palette {
            if let Some(text) = p.text {
                style = style.fg(text);
            }
            if let Some(background) = p.background {
                style = style.bg(background);
            }
        }
        style
    }

    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: a muted colour, or dimmed.
    pub fn dim(&self) -> Style {
        match self.palette.and_then(|p| p.muted) {
            Some(muted) => Style::default().fg(muted),
            None => Style::default().add_modifier(Modifier::DIM),
        }
    }

    pub fn selected(&self) -> Style {
        let style = Style::default().add_modifier(Modifier::REVERSED);
        match &self.palette {
            Some(p) if p.bold_selection => style.add_modifier(Modifier::BOLD),
            _ => style,
        }
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
        self.fg(|p| p.focus).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.fg(|p| p.border)
    }

    pub fn over_limit(&self) -> Style {
        self.error()
    }

    pub fn info(&self) -> Style {
        self.fg(|p| p.info)
    }

    pub fn warning(&self) -> Style {
        self.fg(|p| p.warning).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(|p| p.error).add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(|p| p.focus).add_modifier(Modifier::BOLD)
    }

    pub fn highlight(&self) -> Style {
        self.fg(|p| p.warning)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Where a dragged card would land.
    pub fn drop_marker(&self) -> Style {
        self.fg(|p| p.focus)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn role(&self, role: Role) -> Style {
        let i = Role::ALL.iter().position(|r| *r == role).unwrap_or(0);
        self.fg(|p| p.roles[i])
    }

    pub fn state(&self, state: CardState) -> Style {
        let i = CardState::ALL.iter().position(|s| *s == state).unwrap_or(0);
        let style = self.fg(|p| p.states[i]);
        if state == CardState::Stopped {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RGB of a 256-colour index (xterm's table).
    fn rgb(color: Color) -> (u8, u8, u8) {
        let Color::Indexed(n) = color else {
            panic!("palettes use indexed colours: {color:?}")
        };
        const BASIC: [(u8, u8, u8); 16] = [
            (0, 0, 0),
            (205, 0, 0),
            (0, 205, 0),
            (205, 205, 0),
            (0, 0, 238),
            (205, 0, 205),
            (0, 205, 205),
            (229, 229, 229),
            (127, 127, 127),
            (255, 0, 0),
            (0, 255, 0),
            (255, 255, 0),
            (92, 92, 255),
            (255, 0, 255),
            (0, 255, 255),
            (255, 255, 255),
        ];
        match n {
            0..=15 => BASIC[usize::from(n)],
            16..=231 => {
                let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
                let n = n - 16;
                (level(n / 36), level((n / 6) % 6), level(n % 6))
            }
            _ => {
                let v = 8 + (n - 232) * 10;
                (v, v, v)
            }
        }
    }

    /// The WCAG contrast ratio of two colours.
    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
            let c = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b)
        }
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_colour_reads_against_its_background() {
        // Dark keeps the terminal's background: checked against black and a common
        // dark grey. The others set theirs.
        let cases = [
            ("Dark", DARK, vec![(0, 0, 0), (38, 38, 38)]),
            ("Light", LIGHT, vec![rgb(LIGHT.background.unwrap())]),
            (
                "HighContrast",
                HIGH_CONTRAST,
                vec![rgb(HIGH_CONTRAST.background.unwrap())],
            ),
        ];
        for (name, p, backgrounds) in cases {
            let mut colours = vec![p.border, p.focus, p.info, p.warning, p.error];
            colours.extend(p.roles);
            colours.extend(p.states);
            colours.extend(p.text);
            colours.extend(p.muted);
            let minimum = if name == "HighContrast" { 7.0 } else { 4.5 };
            for bg in backgrounds {
                for colour in &colours {
                    let ratio = contrast(rgb(*colour), bg);
                    assert!(
                        ratio >= minimum,
                        "{name}: {colour:?} on {bg:?} is {ratio:.2}:1"
                    );
                }
            }
        }
    }

    #[test]
    fn no_color_wins_over_every_theme() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            let theme = Theme::new(name, true);
            assert_eq!(theme, Theme::plain());
            assert_eq!(theme.base(), Style::default());
            assert_eq!(theme.role(Role::DataScientist), Style::default());
        }
        assert_ne!(Theme::new(ThemeName::Light, false).base(), Style::default());
    }
}
