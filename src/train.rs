//! Training.
/// Entry point of `pith train`.
pub fn run(_args: &[String]) -> Result<(), String> { Err("train: not built yet".into()) }
