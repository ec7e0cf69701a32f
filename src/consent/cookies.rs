//! Reads the common CMP cookies from a `Cookie` header: OneTrust `OptanonConsent`, Cookiebot
//! `CookieConsent`, Shopify `_tracking_consent` and the TCF `euconsent-v2` string.
//!
//! Invariant: a cookie only speaks to the purposes it mentions (silence never grants), and a CMP
//! cookie that is present but unreadable denies every purpose (fail closed).

use super::{Purpose, PurposeSignal};
use crate::json::Value;

/// Cookie headers beyond this many bytes are read only up to here.
pub const MAX_COOKIE_HEADER: usize = 64 * 1024;

/// Which CMP category or group gates which purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieOptions {
    /// OneTrust group id → purpose. Default: C0002 → analytics, C0003 → preferences,
    /// C0004 → marketing and saleOfData. A purpose gated by several groups needs all of them.
    pub onetrust_groups: Vec<(String, Purpose)>,
    /// Cookiebot category → purpose. Default: statistics → analytics, preferences →
    /// preferences, marketing → marketing and saleOfData.
    pub cookiebot_categories: Vec<(String, Purpose)>,
}

impl Default for CookieOptions {
    fn default() -> Self {
        fn map(pairs: &[(&str, Purpose)]) -> Vec<(String, Purpose)> {
            let mut out = Vec::with_capacity(pairs.len());
            for &(k, p) in pairs {
                out.push((k.to_owned(), p));
            }
            out
        }
        CookieOptions {
            onetrust_groups: map(&[
                ("C0002", Purpose::Analytics),
                ("C0003", Purpose::Preferences),
                ("C0004", Purpose::Marketing),
                ("C0004", Purpose::SaleOfData),
            ]),
            cookiebot_categories: map(&[
                ("statistics", Purpose::Analytics),
                ("preferences", Purpose::Preferences),
                ("marketing", Purpose::Marketing),
                ("marketing", Purpose::SaleOfData),
            ]),
        }
    }
}

/// One CMP cookie's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieSignal {
    /// The cookie's name, e.g. `"OptanonConsent"`.
    pub source: &'static str,
    pub purposes: PurposeSignal,
}

/// Everything found in one `Cookie` header.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CookieSignals {
    pub signals: Vec<CookieSignal>,
    /// The `euconsent-v2` TC string, if set (decode it with the TCF decoder).
    pub tc_string: Option<String>,
}

/// The cookies read: three CMPs' answers, then the TC string.
const CMP_COOKIES: [&str; 4] = [
    "OptanonConsent",
    "CookieConsent",
    "_tracking_consent",
    "euconsent-v2",
];

/// Finds the CMP cookies in a `Cookie` header. A cookie set twice yields two signals.
pub fn parse_consent_cookies(header: &str, options: &CookieOptions) -> CookieSignals {
    let mut end = header.len().min(MAX_COOKIE_HEADER);
    while !header.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = CookieSignals::default();
    for pair in crate::text::split_byte(&header[..end], b';') {
        let Some((name, value)) = crate::text::split_once_byte(crate::text::trim(pair), b'=')
        else {
            continue;
        };
        let value = crate::text::trim_by(crate::text::trim(value), |c| c == '"');
        let name = crate::text::trim(name);
        let Some(i) = CMP_COOKIES.iter().position(|&c| c == name) else {
            continue;
        };
        // Every CMP cookie but OneTrust's (a query string of its own) is one URL-encoded value.
        let text = percent_decode(value, false);
        let purposes = match i {
            0 => onetrust(value, options),
            1 => text.and_then(|t| cookiebot(&t, options)),
            2 => text.and_then(|t| shopify(&t)),
            _ => {
                if out.tc_string.is_none() {
                    out.tc_string = Some(text.unwrap_or_default());
                }
                continue;
            }
        };
        out.signals.push(CookieSignal {
            source: CMP_COOKIES[i],
            purposes: purposes.unwrap_or(PurposeSignal::all(false)),
        });
    }
    out
}

/// `%XX` decoding (and `+` as a space for form encoding); `None` on bad escapes or UTF-8.
pub fn percent_decode(s: &str, plus_is_space: bool) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        // One push for every case (the size-first build inlines each `push`).
        let (byte, width) = match b[i] {
            b'%' => (crate::text::escaped_byte(b, i)?, 3),
            b'+' if plus_is_space => (b' ', 1),
            c => (c, 1),
        };
        out.push(byte);
        i += width;
    }
    crate::text::string_from_utf8(out).ok()
}

/// Applies the `key:flag,…` answers in `list` (see `answer`) through a category → purpose map;
/// `None` when Cookiebot's body has an entry without `:` (the cookie is unreadable). A purpose
/// speaks only if one of its categories is mentioned, and grants only if all of them are and
/// grant.
fn map_categories(map: &[(String, Purpose)], list: &str, cookiebot: bool) -> Option<PurposeSignal> {
    if cookiebot {
        for entry in crate::text::split_byte(list, b',') {
            crate::text::split_once_byte(entry, b':')?;
        }
    }
    let mut signal = [None; 4];
    for &purpose in &Purpose::ALL {
        let (mut mentioned, mut all_granted, mut any_denied) = (false, true, false);
        for (category, p) in map {
            if *p != purpose {
                continue;
            }
            match answer(list, category, cookiebot) {
                None => all_granted = false,
                Some(Some(true)) => mentioned = true,
                // a denial, or an unknown value
                Some(_) => (mentioned, any_denied) = (true, true),
            }
        }
        let said = match (mentioned, any_denied, all_granted) {
            (false, _, _) => None,
            (true, true, _) => Some(false),
            (true, false, true) => Some(true),
            (true, false, false) => None,
        };
        signal[purpose as usize] = said;
    }
    Some(PurposeSignal::from_array(signal))
}

/// The answer for `category` in OneTrust's groups (`C0002:1`; a blank entry is skipped, one
/// without `:` has no flag) or Cookiebot's object body (`statistics:true`, keys maybe quoted):
/// the first entry that names it counts, and a flag other than yes/no is `Some(None)`. `list` is
/// read again for each category (a few entries) instead of being collected into a `Vec`: one
/// copy for both CMPs.
fn answer(list: &str, category: &str, cookiebot: bool) -> Option<Option<bool>> {
    let (yes, no) = if cookiebot {
        ("true", "false")
    } else {
        ("1", "0")
    };
    for entry in crate::text::split_byte(list, b',') {
        let (key, flag) = match crate::text::split_once_byte(entry, b':') {
            Some(pair) => pair,
            None if crate::text::trim(entry).is_empty() => continue,
            None => (entry, ""),
        };
        let mut key = crate::text::trim(key);
        if cookiebot {
            key = crate::text::trim_by(key, |c| c == '\'' || c == '"');
        }
        if key == category {
            let flag = crate::text::trim(flag);
            return Some(if flag == yes {
                Some(true)
            } else if flag == no {
                Some(false)
            } else {
                None
            });
        }
    }
    None
}

/// OneTrust: a form-encoded query string whose `groups` is `C0001:1,C0002:0,…`.
fn onetrust(value: &str, options: &CookieOptions) -> Option<PurposeSignal> {
    let mut groups = None;
    for pair in crate::text::split_byte(value, b'&') {
        if let Some(v) = pair.strip_prefix("groups=") {
            groups = Some(percent_decode(v, true)?);
        }
    }
    let groups = percent_decode(&groups?, false)?;
    map_categories(&options.onetrust_groups, &groups, false)
}

/// Cookiebot: a URL-encoded JS-object literal `{stamp:'…',necessary:true,statistics:false,…}`
/// (`text` is decoded); `-1` means "no consent needed here" and speaks to nothing.
fn cookiebot(text: &str, options: &CookieOptions) -> Option<PurposeSignal> {
    let text = crate::text::trim(text);
    if text == "-1" {
        return Some(PurposeSignal::default());
    }
    let body = text.strip_prefix("{")?.strip_suffix("}")?;
    map_categories(&options.cookiebot_categories, body, true)
}

/// Shopify `_tracking_consent` (`text` is decoded): URL-encoded JSON v2.1 (`con.CMP.{a,m,p,s}` =
/// "1" / "0" / "") or the compact v3 form (`3` + letters before `.`: upper case = yes, lower
/// case = no).
fn shopify(text: &str) -> Option<PurposeSignal> {
    // The purposes' keys, in `Purpose::ALL` order: what each says is built as an array, walked
    // by purpose (a zip with an array by value is iterator functions of its own in the page's
    // wasm). `&str`s, not bytes: a lookup by a byte needs it encoded as a `char` first.
    const KEYS: [&str; 4] = ["a", "m", "p", "s"];
    let mut said = [None; 4];
    if let Some(rest) = text.strip_prefix("3") {
        let flags = crate::text::first_field(crate::text::first_field(rest, b'_'), b'.');
        // Single-letter keys: byte checks, not a `&str` search.
        let flags = flags.as_bytes();
        for &p in &Purpose::ALL {
            let k = KEYS[p as usize].as_bytes()[0];
            said[p as usize] = match (
                crate::text::includes(flags, k.to_ascii_uppercase()),
                crate::text::includes(flags, k),
            ) {
                (_, true) => Some(false),
                (true, false) => Some(true),
                _ => None,
            };
        }
        return Some(PurposeSignal::from_array(said));
    }
    let json = Value::parse(text).ok()?;
    if json.get("v")?.as_str()? != "2.1" {
        return None;
    }
    let cmp = json.get("con")?.get("CMP")?;
    for &p in &Purpose::ALL {
        said[p as usize] = match cmp.get(KEYS[p as usize]) {
            None => None,
            Some(v) => match v.as_str() {
                Some("1") => Some(true),
                Some("") => None,
                _ => Some(false),
            },
        };
    }
    Some(PurposeSignal::from_array(said))
}

#[cfg(test)]
mod tests;
