//! What the page builds' wasm (script tag, ES module) borrows from the browser instead of
//! shipping: Unicode case mapping (std's tables, about 4 KB brotli), decimal ↔ `f64` conversion
//! (core's `dec2flt`/`flt2dec`, several KB) and the Unicode letter and number classes (about
//! 1.8 KB). The JS face installs the browser's functions when the module is instantiated, before
//! any export can run; every other build uses Rust's own (see `crate::case`, `crate::json`,
//! `crate::text`), and the Chromium tests hold the page builds' answers to the node build's.

use std::cell::Cell;

/// The browser's functions, as the JS face hands them over.
#[derive(Clone, Copy)]
pub struct Host {
    /// `(text, upper)` → `text.toUpperCase()` or `text.toLowerCase()`.
    pub case: fn(&str, bool) -> String,
    /// JSON number text → `Number(text)`: the nearest `f64`, ties to even.
    pub number: fn(&str) -> f64,
    /// A finite `v > 0` → `v.toExponential()`: the shortest digits that read back as `v`.
    pub exponential: fn(f64) -> String,
    /// `(c, alphabetic_only)` → whether `c` has Unicode's Alphabetic property (or is a Number,
    /// unless `alphabetic_only`): the `\p{Alphabetic}` and `\p{N}` regex classes.
    pub unicode: fn(char, bool) -> bool,
}

thread_local! {
    static HOST: Cell<Option<Host>> = const { Cell::new(None) };
}

/// Called by the JS face (idempotent).
pub fn install(host: Host) {
    HOST.with(|h| h.set(Some(host)));
}

/// The installed functions.
pub(crate) fn get() -> Host {
    match HOST.with(Cell::get) {
        Some(h) => h,
        // Unreachable (see `install`); aborting fails closed: nothing is hashed, stored or sent.
        None => unreachable!("host functions used before the JS face installed them"),
    }
}
