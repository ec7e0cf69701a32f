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
#[cfg(feature = "exports")]
mod minimize;
mod random;
mod tracker;
