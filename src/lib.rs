//! Pith core: labels the blocks of a web page as content, promo, nav or legal.
//!
//! Flow: [`snapshot::Snapshot`] (built by an adapter) → [`blocks`] → [`features`] →
//! [`classify::classify`] → [`verdict::Verdict`]. The core is pure: no I/O, no browser types.
// wasm-bindgen's generated glue needs unsafe; the core modules are checked natively, where it is forbidden.
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]
#![warn(missing_docs)]

pub mod blocks;
pub mod classify;
pub mod features;
pub mod forest;
mod hash;
pub mod model;
pub mod snapshot;
pub mod text;
pub mod verdict;
pub mod vocabulary;

#[cfg(feature = "native")]
pub mod native;

#[cfg(feature = "native")]
pub mod eval;

#[cfg(feature = "native")]
pub mod train;

#[cfg(target_arch = "wasm32")]
mod wasm;
