//! The hashing profiles as free JS functions: parse the arguments, call `crate::hashing`, return
//! the string. Invariant: a bad argument throws (TypeError for a wrong type, RangeError for a
//! refused value, both with `code`); no error message carries the value it was given.
//!
//! `functions.js` calls `hashScratchInput` first: the input arrives as UTF-8 in fixed scratch
//! bytes and the digest leaves the same way, so the common call crosses the boundary with numbers
//! only. Anything that path does not answer goes through the exports below, which throw.

use core::cell::RefCell;
use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::error::Error;
use crate::hashing::{self, Profile, HEX_LEN};
// `hashScratchInput`'s field numbers are positions in the identifiers' wire order, the order
// `functions.js` lists them in.
use crate::identify::FIELDS;

/// The digest (64 bytes) followed by room for the UTF-8 input.
const SCRATCH_LEN: usize = HEX_LEN + 1024;

thread_local! {
    static SCRATCH: RefCell<[u8; SCRATCH_LEN]> = const { RefCell::new([0; SCRATCH_LEN]) };
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Uint8Array)]
    type Bytes;
    #[wasm_bindgen(constructor, js_class = "Uint8Array")]
    fn new(buffer: &JsValue, offset: usize, len: usize) -> Bytes;

    #[wasm_bindgen(js_name = Object)]
    type Memory;
    #[wasm_bindgen(method, getter)]
    fn buffer(this: &Memory) -> JsValue;
}

/// A `Uint8Array` over the scratch bytes; it detaches when the memory grows (take a new one then).
#[wasm_bindgen(js_name = hashScratch, skip_typescript)]
pub fn hash_scratch() -> JsValue {
    let offset = SCRATCH.with(|s| s.as_ptr() as usize);
    let memory: Memory = wasm_bindgen::memory().into();
    Bytes::new(&memory.buffer(), offset, SCRATCH_LEN).into()
}

/// Hashes the `len` UTF-8 bytes at scratch offset 64 as identifier `FIELDS[field]` under profile
/// `0` (meta) or `1` (google); for a phone, `country` is `0` or a default country's two ASCII
/// letters (`a | b << 8`). Writes the hex digest at offset 0 and returns its length (64, or 32
/// for an MD5 Meta passes through), or 0 where the caller must use the general export (a refused
/// value, which it throws as the error, or arguments out of range).
#[wasm_bindgen(js_name = hashScratchInput, skip_typescript)]
pub fn hash_scratch_input(field: u32, profile: u32, len: usize, country: u32) -> u32 {
    let profile = match profile {
        0 => Profile::Meta,
        1 => Profile::Google,
        _ => return 0,
    };
    SCRATCH.with(|s| {
        let Ok(mut s) = s.try_borrow_mut() else {
            return 0;
        };
        let (out, input) = s.split_at_mut(HEX_LEN);
        let (Some(out), Some(raw)) = (
            out.first_chunk_mut::<HEX_LEN>(),
            input.get(..len).and_then(|b| core::str::from_utf8(b).ok()),
        ) else {
            return 0;
        };
        let letters = [country as u8, (country >> 8) as u8];
        let default_country = match country {
            0 => None,
            _ if country >> 16 == 0 && letters.iter().all(u8::is_ascii_alphabetic) => {
                core::str::from_utf8(&letters).ok()
            }
            _ => return 0,
        };
        let hashed = match (field, default_country) {
            (0, None) => hashing::hash_email_into(raw, profile, out),
            (1, cc) => hashing::hash_phone_into(raw, profile, cc, out),
            (_, None) => match FIELDS.get(field as usize) {
                Some(name) => hashing::normalize_and_hash_into(name, raw, profile, out),
                None => return 0,
            },
            _ => return 0,
        };
        hashed.map_or(0, |n| n as u32)
    })
}

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
