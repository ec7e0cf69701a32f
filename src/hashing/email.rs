//! Email normalization per profile (Meta: trim, lowercase, its validator; Google: trim,
//! lowercase, Gmail dots and `+tags` dropped). Invariant: `hash_email` never returns a raw email.

use super::profile::Profile;
use super::sha256::{
    ascii_string, hex_digest_into, sha256_ascii_lowercase_hex_into, sha256_hex_into, HEX_LEN,
};
use super::text::{is_py_space, js_trim, py_strip, with_lowercase, Buf};
use crate::error::{Error, Result};

/// The address the profile would hash, or `InvalidEmail` where its reference library refuses.
pub fn normalize_email(raw: &str, profile: Profile) -> Result<String> {
    match profile {
        Profile::Meta => {
            let e = crate::case::lowercase(js_trim(raw));
            meta_valid(&e).then_some(e).ok_or(Error::InvalidEmail)
        }
        Profile::Google => google(raw, |g| {
            let mut e = String::with_capacity(g.user.len() + 1 + g.domain.len());
            g.parts(|part| e.push_str(part));
            e
        })
        .ok_or(Error::InvalidEmail),
    }
}

/// The lowercase hex SHA-256 of the normalized address (Meta passes an already-hashed value
/// through, as its SDK does: a trimmed MD5 or SHA-256 hex digest, lowercased).
pub fn hash_email(raw: &str, profile: Profile) -> Result<String> {
    let mut out = [0; HEX_LEN];
    let n = hash_email_into(raw, profile, &mut out)?;
    Ok(ascii_string(&out[..n]))
}

/// `hash_email` into `out`, returning the number of hex digits (64, or 32 for an MD5 digest Meta
/// passes through). Allocates nothing for an ASCII address of up to 256 bytes.
pub fn hash_email_into(raw: &str, profile: Profile, out: &mut [u8; HEX_LEN]) -> Result<usize> {
    let hash = |e: &str, out: &mut [u8; HEX_LEN]| {
        sha256_hex_into(e.as_bytes(), out);
        HEX_LEN
    };
    match profile {
        Profile::Meta => {
            let e = js_trim(raw);
            if let Some(n) = hex_digest_into(e, out) {
                return Ok(n);
            }
            // The validator accepts ASCII only and its byte classes ignore case: an address it
            // accepts as given is ASCII, and checking it then hashing its lowercase (done as the
            // hasher reads it) is `to_lowercase`, check, hash. Anything else it refuses as given
            // may still pass once lowercased (U+212A KELVIN SIGN becomes `k`) unless it is ASCII.
            if meta_valid(e) {
                sha256_ascii_lowercase_hex_into(e.as_bytes(), out);
                return Ok(HEX_LEN);
            }
            if e.is_ascii() {
                return Err(Error::InvalidEmail);
            }
            let e = crate::case::lowercase(e);
            meta_valid(&e).then(|| hash(&e, out))
        }
        Profile::Google => google(raw, |g| {
            if !g.gmail {
                return hash(g.address, out);
            }
            let mut e = Buf::new();
            g.parts(|part| e.push_str(part));
            hash(e.as_str(), out)
        }),
    }
    .ok_or(Error::InvalidEmail)
}

/// An address as Google's `format_email_address` writes it: `user` (for Gmail and Googlemail
/// the part before any `+`, written without its dots), `@`, `domain`; for any other domain that
/// is the whole (stripped, lowercased) `address`.
struct GoogleEmail<'a> {
    address: &'a str,
    user: &'a str,
    domain: &'a str,
    gmail: bool,
}

impl GoogleEmail<'_> {
    /// Hands the normalized address over in pieces, so it can be hashed without being built.
    fn parts(&self, mut out: impl FnMut(&str)) {
        if self.gmail {
            crate::text::split_byte(self.user, b'.').for_each(&mut out);
        } else {
            out(self.user);
        }
        out("@");
        out(self.domain);
    }
}

/// Calls `f` with the address Google's library would hash, or `None` where it refuses.
fn google<R>(raw: &str, f: impl FnOnce(GoogleEmail<'_>) -> R) -> Option<R> {
    let e = py_strip(raw);
    if e.is_empty() || e.contains(is_py_space) {
        return None;
    }
    with_lowercase(e, |e| {
        let (user, domain) = crate::text::split_once_byte(e, b'@')?;
        if user.is_empty() || domain.is_empty() || domain.as_bytes().contains(&b'@') {
            return None;
        }
        let gmail = domain == "gmail.com" || domain == "googlemail.com";
        let user = if gmail {
            crate::text::first_field(user, b'+')
        } else {
            user
        };
        if gmail && user.bytes().all(|b| b == b'.') {
            return None;
        }
        Some(f(GoogleEmail {
            address: e,
            user,
            domain,
            gmail,
        }))
    })
}

/// npm `email-validator` 2.0.4 `validate`, the check Meta's SDK applies (ASCII only). Byte loops
/// throughout: the size-first wasm build leaves iterator adapters and char searches as calls.
/// Every class it tests ignores ASCII case.
fn meta_valid(e: &str) -> bool {
    let b = e.as_bytes();
    let at = match meta_local(b) {
        Some(at) if b.len() <= 254 && at <= 64 => at,
        _ => return false,
    };
    meta_domain(&b[at + 1..])
}

/// The local part `[atext but backtick](\.?[atext])*` up to the first `@`: that `@`'s index.
fn meta_local(b: &[u8]) -> Option<usize> {
    match b.first() {
        Some(&first) if first != b'`' && is_atext(first) => {}
        _ => return None,
    }
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'@' if b[i - 1] != b'.' => return Some(i),
            b'.' if b[i - 1] != b'.' => {}
            c if is_atext(c) => {}
            _ => return None,
        }
        i += 1;
    }
    None
}

fn rfind(b: &[u8], c: u8) -> Option<usize> {
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        if b[i] == c {
            return Some(i);
        }
    }
    None
}

/// Byte classes of the validator's patterns, one table lookup per byte.
const ALNUM: u8 = 1;
const ATEXT: u8 = 2;
const CLASS: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = ALNUM | ATEXT;
        }
        b += 1;
    }
    let specials = b"-!#$%&'*+/=?^_`{|}~";
    let mut i = 0;
    while i < specials.len() {
        t[specials[i] as usize] = ATEXT;
        i += 1;
    }
    t
};

/// The byte's classes (none for non-ASCII).
#[inline(always)]
fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

#[inline(always)]
fn is_atext(b: u8) -> bool {
    class(b) & ATEXT != 0
}

#[inline(always)]
fn is_alnum(b: u8) -> bool {
    class(b) & ALNUM != 0
}

/// `[an](-*\.?[an])*\.[a-z](-?[an])+` and every label at most 63 long.
fn meta_domain(d: &[u8]) -> bool {
    let Some(dot) = rfind(d, b'.') else {
        return false;
    };
    let (h, t) = (&d[..dot], &d[dot + 1..]);
    let an = is_alnum;
    // The host: alphanumerics, `-` and `.`, each `.` followed by an alphanumeric.
    let (Some(&first), Some(&last)) = (h.first(), h.last()) else {
        return false;
    };
    if !an(first) || !an(last) {
        return false;
    }
    let mut label = 0;
    let mut i = 0;
    while i < h.len() {
        match h[i] {
            // Not the last byte, which is alphanumeric.
            b'.' if an(h[i + 1]) => label = 0,
            b'-' => label += 1,
            c if an(c) => label += 1,
            _ => return false,
        }
        if label > 63 {
            return false;
        }
        i += 1;
    }
    // The TLD: a letter first, then alphanumerics and `-`, each `-` followed by an alphanumeric.
    let (Some(&first), Some(&last)) = (t.first(), t.last()) else {
        return false;
    };
    if t.len() < 2 || t.len() > 63 || !first.is_ascii_alphabetic() || !an(last) {
        return false;
    }
    let mut i = 0;
    while i < t.len() {
        match t[i] {
            b'-' if an(t[i + 1]) => {}
            c if an(c) => {}
            _ => return false,
        }
        i += 1;
    }
    true
}
