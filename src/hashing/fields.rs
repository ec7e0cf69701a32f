//! `normalize_and_hash` for every identifier field (`em ph fn ln ct st zp country external_id`)
//! under each profile. Invariant: returns a lowercase hex SHA-256 (or, for Meta only, a value that
//! already was a hex digest, as its SDK does), never the raw value.

use super::email::hash_email_into;
use super::phone::hash_phone_into;
use super::profile::Profile;
use super::sha256::{ascii_string, hex_digest_into, sha256_hex_into, HEX_LEN};
use super::text::{is_js_space, is_py_space, js_len, js_trim, py_strip, with_lowercase, Buf};
use crate::error::{Error, Result};

/// ISO 3166-1 alpha-2 codes accepted by Meta's SDK (npm `iso-3166-1` 2.1.1), concatenated.
const ISO_3166_ALPHA2: &str =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZ\
CACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGN\
GPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLU\
LVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPR\
PSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUA\
UGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

/// Normalizes `raw` as identifier `field` under `profile` and returns its lowercase hex SHA-256.
/// Phones are read as written (no default country); use `hash_phone` to pass one.
///
/// Errors: `InvalidEmail` (em), `InvalidPhone` (ph), `InvalidField(field)` for the others when the
/// profile's library refuses the value, `InvalidArgument` for an unknown field name.
pub fn normalize_and_hash(field: &str, raw: &str, profile: Profile) -> Result<String> {
    let mut out = [0; HEX_LEN];
    let n = normalize_and_hash_into(field, raw, profile, &mut out)?;
    Ok(ascii_string(&out[..n]))
}

/// `normalize_and_hash` into `out`, returning the number of hex digits (64, or 32 for an MD5
/// digest Meta passes through). Short ASCII values are normalized on the stack.
pub fn normalize_and_hash_into(
    field: &str,
    raw: &str,
    profile: Profile,
    out: &mut [u8; HEX_LEN],
) -> Result<usize> {
    match field {
        "em" => return hash_email_into(raw, profile, out),
        "ph" => return hash_phone_into(raw, profile, None, out),
        _ => {}
    }
    let field = FIELDS
        .iter()
        .find(|&&f| f == field)
        .copied()
        .ok_or_else(|| Error::InvalidArgument("unknown identifier field".into()))?;
    if let Some(n) = meta_prehashed(raw, profile, out) {
        return Ok(n);
    }
    let hash = |v: &str| {
        sha256_hex_into(v.as_bytes(), out);
        HEX_LEN
    };
    match profile {
        Profile::Meta => meta(field, raw, hash),
        Profile::Google => google(field, raw, hash),
    }
    .ok_or(Error::InvalidField(field))
}

const FIELDS: [&str; 7] = ["fn", "ln", "ct", "st", "zp", "country", "external_id"];

/// Meta's SDK returns a trimmed, lowercased value that already is an MD5 or SHA-256 hex digest
/// unchanged instead of hashing it again: that value into `out`, and its length.
pub(crate) fn meta_prehashed(
    raw: &str,
    profile: Profile,
    out: &mut [u8; HEX_LEN],
) -> Option<usize> {
    if profile != Profile::Meta {
        return None;
    }
    hex_digest_into(js_trim(raw), out)
}

/// `ServerSideUtils.normalizeAndHash` for the fields other than em and ph: `hash` of the value.
fn meta<R>(field: &str, raw: &str, hash: impl FnOnce(&str) -> R) -> Option<R> {
    with_lowercase(js_trim(raw), |s| {
        if s.is_empty() {
            return None;
        }
        match field {
            "country" => {
                let upper = crate::case::uppercase(s);
                let known = upper.len() == 2
                    && ISO_3166_ALPHA2
                        .as_bytes()
                        .chunks(2)
                        .any(|c| c == upper.as_bytes());
                known.then(|| hash(s))
            }
            "ct" | "st" => {
                let keep = |&c: &char| {
                    !(c.is_ascii_digit() || is_js_space(c) || matches!(c, '(' | ')' | '.' | '-'))
                };
                Some(hash(s.chars().filter(keep).collect::<Buf>().as_str()))
            }
            "zp" => {
                let z: Buf = s.chars().filter(|&c| !is_js_space(c)).collect();
                let z = crate::text::first_field(z.as_str(), b'-');
                (js_len(z) >= 2).then(|| hash(z))
            }
            _ => Some(hash(s)),
        }
    })
}

/// `google-ads-datamanager-util` `Formatter.format_*` for the fields other than em and ph; an
/// external id has no formatter there and is hashed as given (blank refused, as `hash_string` does).
fn google<R>(field: &str, raw: &str, hash: impl FnOnce(&str) -> R) -> Option<R> {
    let s = py_strip(raw);
    // `hash_string` refuses a blank value, e.g. a city that was only punctuation and spaces.
    let blank = |v: &str| py_strip(v).is_empty();
    match field {
        "fn" | "ln" => with_lowercase(s, |l| (!blank(l)).then(|| hash(l))),
        "zp" => (!blank(s)).then(|| hash(s)),
        "country" => {
            let upper = crate::case::uppercase(s);
            (upper.chars().count() == 2).then(|| hash(&upper))
        }
        "ct" | "st" => {
            // Python's `\w` is letters and numbers; `is_alphanumeric` also keeps the combining
            // vowel signs of Indic and Thai scripts and circled letters, which Google's
            // `format_city` strips (a table of ~230 ranges would close the gap).
            let keep = |&c: &char| c != '_' && (crate::text::is_alphanumeric(c) || is_py_space(c));
            with_lowercase(s, |l| {
                let v: Buf = l.chars().filter(keep).collect();
                (!blank(v.as_str())).then(|| hash(v.as_str()))
            })
        }
        _ => (!s.is_empty()).then(|| hash(raw)),
    }
}
