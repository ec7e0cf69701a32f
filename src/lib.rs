//! tracksafe: privacy-first tracking for online shops. One core for the page, the edge and native.
//!
//! The core modules never name wasm-bindgen; `js` is the only face that does, and only in the
//! `wasm32-unknown-unknown` build. The script tag's build (`page-abi`) has no wasm-bindgen at
//! all: `page` is its face.

#[cfg(all(feature = "page-abi", any(feature = "decoders", feature = "exports")))]
compile_error!("`page-abi` is the script tag's face: for `tracker` or `hasher` alone");

pub mod batch;
pub mod case;
pub mod config;
pub mod consent;
#[cfg(feature = "edge")]
pub mod destinations;
#[cfg(feature = "edge")]
pub mod edge;
pub mod error;
pub mod event;
pub mod hashing;
pub mod heap;
#[cfg(page_host)]
pub mod host;
pub mod identify;
pub mod identity;
pub mod json;
pub mod minimize;
pub mod persist;
pub mod queue;
mod text;
pub mod tracker;
pub mod transport;

pub use error::{Error, Result};

#[cfg(all(
    target_arch = "wasm32",
    target_os = "unknown",
    not(feature = "page-abi")
))]
mod js;
// The script tag's face (no wasm-bindgen), and the RNG pool of every page and worker build.
#[cfg(all(target_arch = "wasm32", target_os = "unknown", feature = "page-abi"))]
mod page;
#[cfg(all(
    target_arch = "wasm32",
    target_os = "unknown",
    any(feature = "tracker", feature = "edge")
))]
mod random;
