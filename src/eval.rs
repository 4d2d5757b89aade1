//! Evaluation of visible text against corpus truth.

/// Entry point of `pith eval`.
pub fn run(_args: &[String]) -> Result<(), String> {
    Err("eval: not built yet".into())
}
