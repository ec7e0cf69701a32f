//! The browser's case mapping for the page build's normalizers (see `crate::case`): the
//! `String.prototype` methods called on the string, so no case table ships in the lean wasm.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["String", "prototype", "toLowerCase"], js_name = call)]
    fn to_lower_case(s: &str) -> String;
    #[wasm_bindgen(js_namespace = ["String", "prototype", "toUpperCase"], js_name = call)]
    fn to_upper_case(s: &str) -> String;
}

/// Hands the core the host's mapping (idempotent; the `Engine` constructor calls it).
pub(crate) fn install() {
    crate::case::install_host(|s, upper| {
        if upper {
            to_upper_case(s)
        } else {
            to_lower_case(s)
        }
    });
}
