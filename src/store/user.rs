//! The user's settings (`config.ron`: name, theme, mouse) and key file (`keys.ron`),
//! both read and never written; and the user's name, recorded in history (`by`) and
//! as the default reviewer: config `user_name`, else `git config user.name` in the
//! board directory, else `$USER`.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The optional config file (`<config dir>/config.ron`, or `$MLBOARD_CONFIG`), e.g.
/// `(user_name: "Ann", theme: Light, mouse: false)`. Every field may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub user_name: Option<String>,
    pub theme: ThemeName,
    /// Clicks, the wheel and dragging; `false` leaves the terminal its own selection.
    pub mouse: bool,
    /// Seconds a git command of `sync` may take before it is stopped (default 60).
    pub sync_timeout_s: Option<u64>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            user_name: None,
            theme: ThemeName::default(),
            mouse: true,
            sync_timeout_s: None,
        }
    }
}

/// The palettes the TUI offers (`NO_COLOR` wins over every one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum ThemeName {
    /// For dark terminal backgrounds (the terminal's own background is kept).
    #[default]
    Dark,
    /// Dark text on a light background.
    Light,
    /// White on black, bright colours, nothing dimmed.
    HighContrast,
}

pub fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MLBOARD_CONFIG").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path));
    }
    super::locate::project_dirs().map(|d| d.config_dir().join("config.ron"))
}

/// Reads the config; a missing file is the default, a broken one is reported.
pub fn load_config() -> Result<Config, String> {
    let Some(path) = config_path() else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    parse_config(&path, &text)
}

/// Parses a config file's text; an error is `path:line:column: message`.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, String> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str(text)
        .map_err(|e| super::parse::ron_error_line(path, &e))
}

/// The user's key overrides (`<config dir>/keys.ron`, or `$MLBOARD_KEYS`), if any.
pub fn keys_file() -> Result<Option<(PathBuf, String)>, String> {
    let path = match std::env::var_os("MLBOARD_KEYS").filter(|v| !v.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => match super::locate::project_dirs() {
            Some(dirs) => dirs.config_dir().join("keys.ron"),
            None => return Ok(None),
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some((path, text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The user's name, for the command line. A broken config is said on stderr (the
/// command still runs, with the name from git or `$USER`).
pub fn user_name(board_dir: &Path) -> String {
    let configured = match load_config() {
        Ok(config) => config.user_name,
        Err(message) => {
            eprintln!("mlboard: warning: {message}; the config is ignored");
            None
        }
    };
    resolve_user_name(configured.as_deref(), board_dir)
}

/// The configured name when it is set, else `git config user.name` in the board
/// directory, else `$USER`. It may run git: call it off the keystroke path.
pub fn resolve_user_name(configured: Option<&str>, board_dir: &Path) -> String {
    if let Some(name) = configured
        && !name.trim().is_empty()
    {
        return name.trim().to_string();
    }
    if let Some(name) = git_user_name(board_dir) {
        return name;
    }
    std::env::var("USER")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

fn git_user_name(dir: &Path) -> Option<String> {
    let dir = if dir.is_dir() { dir } else { Path::new(".") };
    crate::sync::config_value(dir, "user.name")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_optional() {
        let path = Path::new("config.ron");
        assert_eq!(parse_config(path, "()").unwrap(), Config::default());
        let config = parse_config(
            path,
            "(user_name: \"Ann\", theme: HighContrast, mouse: false)",
        )
        .unwrap();
        assert_eq!(config.user_name.as_deref(), Some("Ann"));
        assert_eq!(config.theme, ThemeName::HighContrast);
        assert!(!config.mouse);
        assert!(Config::default().mouse);
    }

    #[test]
    fn a_broken_file_says_where() {
        let path = Path::new("/home/ann/.config/mlboard/config.ron");
        let e = parse_config(path, "(\n    theme: Purple,\n)").unwrap_err();
        assert!(
            e.starts_with("/home/ann/.config/mlboard/config.ron:2:"),
            "{e}"
        );
        assert!(e.contains("Purple"), "{e}");
        let e = parse_config(path, "(mouse: true, colour: 3)").unwrap_err();
        assert!(e.contains(":1:"), "{e}");
    }

    #[test]
    fn a_configured_name_wins_over_git() {
        assert_eq!(resolve_user_name(Some("  Ann "), Path::new(".")), "Ann");
    }
}
