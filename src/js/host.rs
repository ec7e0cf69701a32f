//! The browser's functions the page builds' core borrows (see `crate::host`): `String.prototype`
//! case mapping, the `Number` conversions and regex Unicode classes, called through wasm-bindgen,
//! so neither std's case and class tables nor a float parser and printer ship in the page's wasm.

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

// Unicode's classes as the browser's regex engine knows them (std's are the same properties).
#[wasm_bindgen(inline_js = "export function unicodeClass(c, alphabeticOnly) {\n  \
    return (alphabeticOnly ? /\\p{Alphabetic}/u : /[\\p{Alphabetic}\\p{N}]/u).test(String.fromCodePoint(c));\n}")]
extern "C" {
    #[wasm_bindgen(js_name = unicodeClass)]
    fn unicode_class(c: u32, alphabetic_only: bool) -> bool;
}

/// Hands the core the host's functions when the module is instantiated, before any export can
/// be called: function pointers only, no random values, storage or network at init.
#[wasm_bindgen(start)]
fn install() {
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
        unicode: |c, alphabetic_only| unicode_class(c.into(), alphabetic_only),
    });
}
