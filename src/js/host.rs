//! The browser's functions the script tag's core borrows (see `crate::host`): `String.prototype`
//! case mapping and the `Number` conversions, called through wasm-bindgen, so neither std's case
//! tables nor a float parser and printer ship in the lean wasm.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["String", "prototype", "toLowerCase"], js_name = call)]
    fn to_lower_case(s: &str) -> String;
    #[wasm_bindgen(js_namespace = ["String", "prototype", "toUpperCase"], js_name = call)]
    fn to_upper_case(s: &str) -> String;
    #[wasm_bindgen(js_name = Number)]
    fn number(s: &str) -> f64;
    #[wasm_bindgen(js_namespace = ["Number", "prototype", "toExponential"], js_name = call)]
    fn to_exponential(v: f64) -> String;
}

/// Hands the core the host's functions (idempotent; the `Engine` constructor calls it).
pub(crate) fn install() {
    crate::host::install(crate::host::Host {
        case: |s, upper| {
            if upper {
                to_upper_case(s)
            } else {
                to_lower_case(s)
            }
        },
        number,
        exponential: to_exponential,
    });
}
