//! mlboard: a keyboard-driven terminal kanban board for teams that build
//! machine-learning systems.
//!
//! Layers, from the inside out: `model` (the pure domain), `store` (the board
//! directory), `app` (state and update, The Elm Architecture), `ui` (drawing only),
//! `keymap` (keys to commands), `sync` (git), and the shells `cli` and `tui`.

pub mod app;
pub mod cli;
pub mod keymap;
pub mod model;
pub mod store;
pub mod sync;
pub mod tui;
pub mod ui;
pub mod worker;
