//! `$EDITOR` for a card's description: `$VISUAL`, else `$EDITOR`, else `vi`, run
//! directly (never through a shell) on a temporary file.

use crate::model::CardId;

/// `$VISUAL`, else `$EDITOR`, else `vi`, split into a program and its arguments
/// (run directly, never through a shell).
pub fn editor_command() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Edits text in the user's editor. `Ok(None)` when it comes back unchanged.
pub fn edit_in_editor(card: &CardId, text: &str) -> Result<Option<String>, String> {
    let command = editor_command();
    let (program, args) = command.split_first().ok_or("no editor configured")?;
    let file = tempfile::Builder::new()
        .prefix(&format!("mlboard-{card}-"))
        .suffix(".md")
        .tempfile()
        .map_err(|e| format!("cannot create a temporary file: {e}"))?;
    std::fs::write(file.path(), text).map_err(|e| e.to_string())?;
    let status = std::process::Command::new(program)
        .args(args)
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !status.success() {
        return Err(format!(
            "{program} exited with {status}; the description is unchanged"
        ));
    }
    let edited = std::fs::read_to_string(file.path()).map_err(|e| e.to_string())?;
    // Editors end files with a newline; the description did not have one.
    let edited = match edited.strip_suffix('\n') {
        Some(stripped) if !text.ends_with('\n') => stripped.to_string(),
        _ => edited,
    };
    Ok((edited != text).then_some(edited))
}
