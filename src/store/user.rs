//! The user's name, recorded in history (`by`) and as the default reviewer:
//! config `user_name`, else `git config user.name` in the board directory, else `$USER`.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The optional config file (`<config dir>/config.ron`, or `$MLBOARD_CONFIG`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub user_name: Option<String>,
    /// Seconds a git command of `sync` may take before it is stopped (default 60).
    pub sync_timeout_s: Option<u64>,
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
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: {}",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })
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

pub fn user_name(board_dir: &Path) -> String {
    if let Ok(Config {
        user_name: Some(name),
        ..
    }) = load_config()
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
