//! `identify()`'s hashing as one export, apart from the `Engine`: the script tag loads it in a
//! wasm of its own on the first `identify()` call, so pages that never identify a shopper do not
//! carry the hashing code. The digests go back into the tracker through `Engine.identifyHashed`.

use wasm_bindgen::prelude::*;

use super::error::{parse, to_js};
use crate::hashing::Profile;
use crate::identify;

/// Normalizes and hashes an `identify({ … })` object (JSON text) under `profile` (`meta` or
/// `google`); returns the digests as `{ em: "<hex>", … }`. Throws the coded errors of
/// `identify()` (TypeError `INVALID_ARGUMENT`, RangeError `INVALID_EMAIL` / `INVALID_PHONE` /
/// `INVALID_FIELD`); no message carries a value it was given.
#[wasm_bindgen(js_name = hashIdentifyFields, skip_typescript)]
pub fn hash_identify_fields(fields_json: &str, profile: &str) -> Result<String, JsValue> {
    let profile = Profile::parse(profile).map_err(to_js)?;
    let ids = identify::hash_fields(&parse(fields_json)?, profile).map_err(to_js)?;
    Ok(ids.to_value().to_json())
}
