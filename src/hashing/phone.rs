//! Phone normalization per profile (Meta: digits, no `+`, its 7–16 length rule; Google: `+` and
//! every decimal digit), optionally after rewriting a local number into E.164 with
//! `region::to_e164`. Invariant: `hash_phone` never returns a raw phone number.

use super::fields::meta_prehashed;
use super::profile::Profile;
use super::region::to_e164;
use super::sha256::sha256_hex;
use super::text::{decimal_value, js_len, js_trim};
use crate::error::{Error, Result};

/// The number the profile would hash, or `InvalidPhone` where its reference library refuses.
/// With `default_country` (ISO 3166-1 alpha-2), a number written without `+` is first read as a
/// national number of that country and rewritten as E.164.
pub fn normalize_phone(
    raw: &str,
    profile: Profile,
    default_country: Option<&str>,
) -> Result<String> {
    match default_country {
        Some(country) => normalize(&to_e164(raw, country)?, profile),
        None => normalize(raw, profile),
    }
}

/// The lowercase hex SHA-256 of the normalized number (Meta passes an already-hashed value
/// through, as its SDK does).
pub fn hash_phone(raw: &str, profile: Profile, default_country: Option<&str>) -> Result<String> {
    let e164;
    let raw = match default_country {
        Some(country) => {
            e164 = to_e164(raw, country)?;
            &e164
        }
        None => raw,
    };
    if let Some(h) = meta_prehashed(raw, profile) {
        return Ok(h);
    }
    normalize(raw, profile).map(|p| sha256_hex(p.as_bytes()))
}

fn normalize(raw: &str, profile: Profile) -> Result<String> {
    match profile {
        Profile::Meta => meta(&js_trim(raw).to_lowercase()),
        Profile::Google => {
            let digits = raw.chars().filter(|&c| decimal_value(c).is_some());
            let p: String = core::iter::once('+').chain(digits).collect();
            if p.len() > 1 {
                Ok(p)
            } else {
                Err(Error::InvalidPhone)
            }
        }
    }
}

/// `ServerSideUtils.normalizePhone` on a trimmed, lowercased value.
pub(crate) fn meta(s: &str) -> Result<String> {
    let ignored = |c: char| "-@#<>'\",; ()+".contains(c) || c.is_ascii_lowercase();
    let p: String = s.chars().filter(|&c| !ignored(c)).collect();
    let p = if meta_international(&p) {
        strip_two_zeros(&p)
    } else {
        &p
    };
    if (7..=16).contains(&js_len(p)) {
        Ok(p.into())
    } else {
        Err(Error::InvalidPhone)
    }
}

/// `/^\+?0{0,2}/` removed (no `+` is left by then).
fn strip_two_zeros(p: &str) -> &str {
    let p = p.strip_prefix('0').unwrap_or(p);
    p.strip_prefix('0').unwrap_or(p)
}

/// `isInternationalPhoneNumber`: after two zeros, `1` + ten digits, or seven or more digits not
/// starting with `0`.
fn meta_international(p: &str) -> bool {
    let t = strip_two_zeros(p);
    let digits = t.bytes().all(|b| b.is_ascii_digit());
    match t.as_bytes().first() {
        Some(b'0') | None => false,
        Some(b'1') => digits && t.len() == 11,
        Some(_) => digits && t.len() >= 7,
    }
}
