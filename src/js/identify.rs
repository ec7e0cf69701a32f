//! `identify()`'s hashing apart from the `Engine`: the script tag loads it in a wasm of its own on
//! the first `identify()` call, so pages that never identify a shopper do not carry the hashing
//! code. The JS runtime hands over each member of the call's object (no JSON: the hasher carries
//! no JSON parser) and passes the digests to `Engine.identifyHashed`.

use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::hashing::Profile;
use crate::identify::{self, MemberValue};

/// Normalizes and hashes one member `key: value` of an `identify({ … })` object under `profile`
/// (`meta` or `google`); returns `"<field>:<hex digest>"`, or `undefined` for a null or undefined
/// value. Throws the coded errors of `identify()` (TypeError `INVALID_ARGUMENT`, RangeError
/// `INVALID_EMAIL` / `INVALID_PHONE` / `INVALID_FIELD`); no message carries a value it was given.
#[wasm_bindgen(js_name = hashIdentifyMember, skip_typescript)]
pub fn hash_identify_member(
    key: &str,
    value: JsValue,
    profile: &str,
) -> Result<Option<String>, JsValue> {
    let profile = Profile::parse(profile).map_err(to_js)?;
    let text = value.as_string();
    let member = match (&text, value.as_f64()) {
        (Some(s), _) => MemberValue::Text(s),
        (None, Some(n)) => MemberValue::Number(n),
        _ if value.is_null() || value.is_undefined() => MemberValue::Absent,
        _ => MemberValue::Other,
    };
    let hashed = identify::hash_member(key, member, profile).map_err(to_js)?;
    Ok(hashed.map(|(field, digest)| {
        let mut out = String::with_capacity(field.len() + 1 + digest.len());
        out.push_str(field);
        out.push(':');
        out.push_str(&digest);
        out
    }))
}
