//! Free functions exported to JS.

use wasm_bindgen::prelude::*;

/// The tracksafe version.
///
/// ```ts
/// import { version } from "tracksafe"; version(); // "0.1.0"
/// ```
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
