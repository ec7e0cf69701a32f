//! The hashing profiles as free JS functions: parse the arguments, call `crate::hashing`, return
//! the string. Invariant: a bad argument throws (TypeError for a wrong type, RangeError for a
//! refused value, both with `code`); no error message carries the value it was given.

use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::error::Error;
use crate::hashing::{self, Profile};

fn text(v: &JsValue, name: &'static str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| to_js(Error::InvalidArgument(format!("{name} must be a string"))))
}

fn profile(v: &JsValue) -> Result<Profile, JsValue> {
    Profile::parse(&text(v, "profile")?).map_err(to_js)
}

fn country(v: &JsValue) -> Result<Option<String>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    text(v, "defaultCountry").map(Some)
}

/// The address a profile would hash.
///
/// ```ts
/// normalizeEmail(" Jane.Doe+shop@GMail.com", "google"); // "janedoe@gmail.com"
/// ```
#[wasm_bindgen(js_name = normalizeEmail)]
pub fn normalize_email(raw: JsValue, profile_name: JsValue) -> Result<String, JsValue> {
    hashing::normalize_email(&text(&raw, "raw")?, profile(&profile_name)?).map_err(to_js)
}

/// The lowercase hex SHA-256 of the normalized address.
///
/// ```ts
/// hashEmail("Alex.Kim@Example.org", "meta"); // sha256("alex.kim@example.org")
/// ```
#[wasm_bindgen(js_name = hashEmail)]
pub fn hash_email(raw: JsValue, profile_name: JsValue) -> Result<String, JsValue> {
    hashing::hash_email(&text(&raw, "raw")?, profile(&profile_name)?).map_err(to_js)
}

/// The number a profile would hash (Meta: digits only; Google: E.164 with `+`).
///
/// ```ts
/// normalizePhone("030 1234567", "google", "DE"); // "+49301234567"
/// ```
#[wasm_bindgen(js_name = normalizePhone)]
pub fn normalize_phone(
    raw: JsValue,
    profile_name: JsValue,
    default_country: JsValue,
) -> Result<String, JsValue> {
    let c = country(&default_country)?;
    hashing::normalize_phone(&text(&raw, "raw")?, profile(&profile_name)?, c.as_deref())
        .map_err(to_js)
}

/// The lowercase hex SHA-256 of the normalized number.
///
/// ```ts
/// hashPhone("+1 (650) 555-1212", "meta"); // sha256("16505551212")
/// ```
#[wasm_bindgen(js_name = hashPhone)]
pub fn hash_phone(
    raw: JsValue,
    profile_name: JsValue,
    default_country: JsValue,
) -> Result<String, JsValue> {
    let c = country(&default_country)?;
    hashing::hash_phone(&text(&raw, "raw")?, profile(&profile_name)?, c.as_deref()).map_err(to_js)
}

/// Normalizes and hashes one identifier field: `em ph fn ln ct st zp country external_id`.
///
/// ```ts
/// normalizeAndHash("ct", "San Francisco", "meta"); // sha256("sanfrancisco")
/// ```
#[wasm_bindgen(js_name = normalizeAndHash)]
pub fn normalize_and_hash(
    field: JsValue,
    raw: JsValue,
    profile_name: JsValue,
) -> Result<String, JsValue> {
    let field = text(&field, "field")?;
    hashing::normalize_and_hash(&field, &text(&raw, "raw")?, profile(&profile_name)?).map_err(to_js)
}

/// A keyed pseudonym: the HMAC-SHA-256 of `value` under `key` (at least 16 bytes), as hex.
///
/// ```ts
/// pseudonymize(hashEmail(email, "meta"), secret); // 64 hex digits
/// ```
#[wasm_bindgen]
pub fn pseudonymize(value: JsValue, key: JsValue) -> Result<String, JsValue> {
    let key = text(&key, "key")?;
    if key.len() < hashing::MIN_KEY_BYTES {
        return Err(to_js(Error::InvalidKey));
    }
    Ok(hashing::pseudonymize(
        &text(&value, "value")?,
        key.as_bytes(),
    ))
}
