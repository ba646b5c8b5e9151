//! The command line, end to end: every command, its output, its exit status, and
//! what it leaves on disk (read back with the TUI's loader).

#[path = "cli/support.rs"]
mod support;

#[path = "cli/board_commands.rs"]
mod board_commands;
#[path = "cli/card_edit.rs"]
mod card_edit;
#[path = "cli/changes.rs"]
mod changes;
#[path = "cli/check.rs"]
mod check;
#[path = "cli/completions.rs"]
mod completions;
#[path = "cli/export.rs"]
mod export;
#[path = "cli/fields.rs"]
mod fields;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/metrics.rs"]
mod metrics;
#[path = "cli/ordering.rs"]
mod ordering;
#[path = "cli/reading.rs"]
mod reading;
