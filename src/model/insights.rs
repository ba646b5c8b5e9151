//! Insights (later).
