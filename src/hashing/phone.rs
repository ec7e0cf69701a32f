//! Phone normalization per profile (Meta: digits, no `+`, its 7–16 length rule; Google: `+` and
//! every decimal digit), optionally after rewriting a local number into E.164 with
//! `region::to_e164`. Invariant: `hash_phone` never returns a raw phone number.

use super::fields::meta_prehashed;
use super::profile::Profile;
use super::region::to_e164;
use super::sha256::{ascii_string, sha256_hex_into, HEX_LEN};
use super::text::{decimal_value, js_len, js_trim, with_lowercase, Buf};
use crate::error::{Error, Result};

/// The number the profile would hash, or `InvalidPhone` where its reference library refuses.
/// With `default_country` (ISO 3166-1 alpha-2), a number written without `+` is first read as a
/// national number of that country and rewritten as E.164.
pub fn normalize_phone(
    raw: &str,
    profile: Profile,
    default_country: Option<&str>,
) -> Result<String> {
    let mut number = String::new();
    let mut keep = |p: &str| number = p.to_owned();
    match default_country {
        Some(country) => normalized(&to_e164(raw, country)?, profile, &mut keep)?,
        None => normalized(raw, profile, &mut keep)?,
    }
    Ok(number)
}

/// The lowercase hex SHA-256 of the normalized number (Meta passes an already-hashed value
/// through, as its SDK does).
pub fn hash_phone(raw: &str, profile: Profile, default_country: Option<&str>) -> Result<String> {
    let mut out = [0; HEX_LEN];
    let n = hash_phone_into(raw, profile, default_country, &mut out)?;
    Ok(ascii_string(&out[..n]))
}

/// `hash_phone` into `out`, returning the number of hex digits (64, or 32 for an MD5 digest Meta
/// passes through). A number read as written is normalized on the stack.
pub fn hash_phone_into(
    raw: &str,
    profile: Profile,
    default_country: Option<&str>,
    out: &mut [u8; HEX_LEN],
) -> Result<usize> {
    let e164;
    let raw = match default_country {
        Some(country) => {
            e164 = to_e164(raw, country)?;
            &e164
        }
        None => raw,
    };
    if let Some(n) = meta_prehashed(raw, profile, out) {
        return Ok(n);
    }
    normalized(raw, profile, &mut |p| sha256_hex_into(p.as_bytes(), out))?;
    Ok(HEX_LEN)
}

/// Hands the number the profile would hash to `f` (one copy of this code for both callers).
fn normalized(raw: &str, profile: Profile, f: &mut dyn FnMut(&str)) -> Result<()> {
    match profile {
        Profile::Meta => with_lowercase(js_trim(raw), |s| meta(s, f)),
        Profile::Google => {
            let mut p = Buf::new();
            p.push('+');
            raw.chars()
                .filter(|&c| decimal_value(c).is_some())
                .for_each(|c| p.push(c));
            if p.as_str().len() > 1 {
                f(p.as_str());
                Ok(())
            } else {
                Err(Error::InvalidPhone)
            }
        }
    }
}

/// `ServerSideUtils.normalizePhone` on a trimmed, lowercased value.
fn meta(s: &str, f: &mut dyn FnMut(&str)) -> Result<()> {
    let ignored = |c: char| {
        u8::try_from(c).is_ok_and(|b| b"-@#<>'\",; ()+".contains(&b) || b.is_ascii_lowercase())
    };
    let p: Buf = s.chars().filter(|&c| !ignored(c)).collect();
    let p = p.as_str();
    let p = if meta_international(p) {
        strip_two_zeros(p)
    } else {
        p
    };
    if (7..=16).contains(&js_len(p)) {
        f(p);
        Ok(())
    } else {
        Err(Error::InvalidPhone)
    }
}

/// `/^\+?0{0,2}/` removed (no `+` is left by then).
fn strip_two_zeros(p: &str) -> &str {
    let p = p.strip_prefix("0").unwrap_or(p);
    p.strip_prefix("0").unwrap_or(p)
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
