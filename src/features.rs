//! Per-block features.
