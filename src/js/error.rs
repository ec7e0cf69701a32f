//! Core errors become JS `TypeError` (bad shape) or `RangeError` (bad value) with `err.code` set.

use wasm_bindgen::prelude::*;

use crate::error::Error;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = TypeError)]
    type JsTypeError;
    #[wasm_bindgen(constructor, js_class = "TypeError")]
    fn new(message: &str) -> JsTypeError;

    #[wasm_bindgen(js_name = RangeError)]
    type JsRangeError;
    #[wasm_bindgen(constructor, js_class = "RangeError")]
    fn new(message: &str) -> JsRangeError;

    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> bool;
}

/// Converts a core error into the JS exception to throw.
pub fn to_js(err: Error) -> JsValue {
    let message = err.message();
    let e: JsValue = if err.is_type_error() {
        JsTypeError::new(&message).into()
    } else {
        JsRangeError::new(&message).into()
    };
    reflect_set(
        &e,
        &JsValue::from_str("code"),
        &JsValue::from_str(err.code()),
    );
    e
}

/// Parses JSON text handed over by the JS runtime (the consent functions and the collector).
#[cfg(feature = "decoders")]
pub fn parse(text: &str) -> Result<crate::json::Value, JsValue> {
    crate::json::Value::parse(text).map_err(to_js)
}
