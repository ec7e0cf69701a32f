//! The wasm-bindgen face: parses JS values, calls the core, converts results. No policy here.

#[cfg(feature = "edge")]
mod collector;
#[cfg(feature = "decoders")]
mod consent;
mod error;
mod functions;
#[cfg(feature = "exports")]
mod hashing;
#[cfg(page_host)]
mod host;
#[cfg(any(feature = "exports", feature = "hasher"))]
mod identify;
#[cfg(feature = "exports")]
mod minimize;
#[cfg(feature = "tracker")]
mod tracker;
