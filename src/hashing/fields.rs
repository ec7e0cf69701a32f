//! `normalize_and_hash` for every identifier field (`em ph fn ln ct st zp country external_id`)
//! under each profile. Invariant: returns a lowercase hex SHA-256 (or, for Meta only, a value that
//! already was a hex digest, as its SDK does), never the raw value.

use super::email::hash_email;
use super::phone::hash_phone;
use super::profile::Profile;
use super::sha256::sha256_hex;
use super::text::{is_js_space, is_py_space, js_len, js_trim, py_strip};
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
    match field {
        "em" => return hash_email(raw, profile),
        "ph" => return hash_phone(raw, profile, None),
        _ => {}
    }
    let field = FIELDS
        .iter()
        .find(|&&f| f == field)
        .copied()
        .ok_or_else(|| Error::InvalidArgument("unknown identifier field".into()))?;
    let refuse = Error::InvalidField(field);
    if let Some(h) = meta_prehashed(raw, profile) {
        return Ok(h);
    }
    let value = match profile {
        Profile::Meta => meta(field, raw),
        Profile::Google => google(field, raw),
    };
    value.map(|v| sha256_hex(v.as_bytes())).ok_or(refuse)
}

const FIELDS: [&str; 7] = ["fn", "ln", "ct", "st", "zp", "country", "external_id"];

/// Meta's SDK returns a trimmed, lowercased value that already is an MD5 or SHA-256 hex digest
/// unchanged instead of hashing it again.
pub(crate) fn meta_prehashed(raw: &str, profile: Profile) -> Option<String> {
    let s = js_trim(raw);
    let hex = (s.len() == 32 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit());
    (profile == Profile::Meta && hex).then(|| s.to_ascii_lowercase())
}

/// `ServerSideUtils.normalizeAndHash` for the fields other than em and ph.
fn meta(field: &str, raw: &str) -> Option<String> {
    let s = js_trim(raw).to_lowercase();
    if s.is_empty() {
        return None;
    }
    Some(match field {
        "country" => {
            let upper = s.to_uppercase();
            let known = upper.len() == 2
                && ISO_3166_ALPHA2
                    .as_bytes()
                    .chunks(2)
                    .any(|c| c == upper.as_bytes());
            return known.then_some(s);
        }
        "ct" | "st" => s
            .chars()
            .filter(|&c| !(c.is_ascii_digit() || is_js_space(c) || "().-".contains(c)))
            .collect(),
        "zp" => {
            let z: String = s.chars().filter(|&c| !is_js_space(c)).collect();
            let z = z.split('-').next().unwrap_or_default();
            return (js_len(z) >= 2).then(|| z.into());
        }
        _ => s,
    })
}

/// `google-ads-datamanager-util` `Formatter.format_*` for the fields other than em and ph; an
/// external id has no formatter there and is hashed as given (blank refused, as `hash_string` does).
fn google(field: &str, raw: &str) -> Option<String> {
    let s = py_strip(raw);
    let v: String = match field {
        "fn" | "ln" => s.to_lowercase(),
        "zp" => s.into(),
        "country" => {
            let upper = s.to_uppercase();
            return (upper.chars().count() == 2).then_some(upper);
        }
        "ct" | "st" => {
            // Python's `\w` is letters and numbers; `is_alphanumeric` also keeps the combining
            // vowel signs of Indic and Thai scripts and circled letters, which Google's
            // `format_city` strips (a table of ~230 ranges would close the gap).
            let keep = |c: char| c != '_' && (c.is_alphanumeric() || is_py_space(c));
            s.to_lowercase().chars().filter(|&c| keep(c)).collect()
        }
        _ => {
            return (!s.is_empty()).then(|| raw.into());
        }
    };
    // `hash_string` refuses a blank value, e.g. a city that was only punctuation and spaces.
    (!py_strip(&v).is_empty()).then_some(v)
}
