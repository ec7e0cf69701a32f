//! The wasm-bindgen face: parses JS values, calls the core, converts results. No policy here.

#[cfg(feature = "edge")]
mod collector;
#[cfg(feature = "decoders")]
mod consent;
mod error;
mod functions;
mod hashing;
mod minimize;
mod random;
mod tracker;
