//! Email normalization per profile (Meta: trim, lowercase, its validator; Google: trim,
//! lowercase, Gmail dots and `+tags` dropped). Invariant: `hash_email` never returns a raw email.

use super::fields::meta_prehashed;
use super::profile::Profile;
use super::sha256::sha256_hex;
use super::text::{is_py_space, js_trim, py_strip};
use crate::error::{Error, Result};

/// The address the profile would hash, or `InvalidEmail` where its reference library refuses.
pub fn normalize_email(raw: &str, profile: Profile) -> Result<String> {
    match profile {
        Profile::Meta => {
            let e = js_trim(raw).to_lowercase();
            meta_valid(&e).then_some(e).ok_or(Error::InvalidEmail)
        }
        Profile::Google => google(raw).ok_or(Error::InvalidEmail),
    }
}

/// The lowercase hex SHA-256 of the normalized address (Meta passes an already-hashed value
/// through, as its SDK does).
pub fn hash_email(raw: &str, profile: Profile) -> Result<String> {
    if let Some(h) = meta_prehashed(raw, profile) {
        return Ok(h);
    }
    normalize_email(raw, profile).map(|e| sha256_hex(e.as_bytes()))
}

fn google(raw: &str) -> Option<String> {
    let e = py_strip(raw);
    if e.is_empty() || e.contains(is_py_space) {
        return None;
    }
    let e = e.to_lowercase();
    let (user, domain) = e.split_once('@')?;
    if user.is_empty() || domain.is_empty() || domain.contains('@') {
        return None;
    }
    if domain != "gmail.com" && domain != "googlemail.com" {
        return Some(e);
    }
    let user: String = user
        .split('+')
        .next()?
        .chars()
        .filter(|&c| c != '.')
        .collect();
    if user.is_empty() {
        return None;
    }
    Some(user + "@" + domain)
}

/// npm `email-validator` 2.0.4 `validate`, the check Meta's SDK applies (ASCII only).
fn meta_valid(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    e.len() <= 254 && local.len() <= 64 && meta_local(local.as_bytes()) && meta_domain(domain)
}

fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-!#$%&'*+/=?^_`{|}~".contains(&b)
}

/// `[atext but backtick](\.?[atext])*`.
fn meta_local(l: &[u8]) -> bool {
    let Some((&first, rest)) = l.split_first() else {
        return false;
    };
    let dots_ok = l.windows(2).all(|w| w[0] != b'.' || w[1] != b'.');
    first != b'`'
        && is_atext(first)
        && dots_ok
        && rest.last() != Some(&b'.')
        && rest.iter().all(|&b| b == b'.' || is_atext(b))
}

/// `[an](-*\.?[an])*\.[a-z](-?[an])+` and every label at most 63 long.
fn meta_domain(d: &str) -> bool {
    let Some((host, tld)) = d.rsplit_once('.') else {
        return false;
    };
    let (h, t) = (host.as_bytes(), tld.as_bytes());
    let an = |b: &u8| b.is_ascii_alphanumeric();
    let followed_by_an = |s: &[u8], c: u8| s.windows(2).all(|w| w[0] != c || an(&w[1]));
    let host_ok = h.first().is_some_and(an)
        && h.last().is_some_and(an)
        && h.iter().all(|&b| an(&b) || b == b'-' || b == b'.')
        && followed_by_an(h, b'.');
    let tld_ok = t.len() >= 2
        && t[0].is_ascii_alphabetic()
        && t.last().is_some_and(an)
        && t.iter().all(|&b| an(&b) || b == b'-')
        && followed_by_an(t, b'-');
    host_ok && tld_ok && d.split('.').all(|label| label.len() <= 63)
}
