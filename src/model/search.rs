//! Fuzzy search (later).
