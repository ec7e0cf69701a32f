//! Local phone numbers to E.164 for a default country, following libphonenumber's `parse` for
//! the common case with a compact table instead of its metadata (see `REGIONS` for what is kept).
//! Invariant: output is `+` and ASCII digits with a known country calling code, or an error.

use super::text::decimal_value;
use crate::error::{Error, Result};

/// `ISO:calling code:national prefix:IDD prefix:lengths`, from libphonenumber metadata, for
/// countries whose prefixes are plain digit strings. `lengths` (hex) has bit `n` set when a
/// national number of `n` digits may stand without its national prefix (possible, not local-only,
/// or longer than any possible one: libphonenumber's `_test_number_length`).
///
/// Not interpreted, unlike libphonenumber (which uses per-country number patterns): carrier
/// selection prefixes, vanity letters and extensions (refused), a national number typed with its
/// country code but no `+`, a `(0)` after the `+` of a country not in this table, and numbers
/// whose national prefix is also a valid leading digit (e.g. Japanese `00…` service numbers).
const REGIONS: &str =
    "AD:376::00:3ff40 AE:971:0:00:3ffe0 AT:43:0:00:3fff0 AU:61:0:0011:3f7e0 BE:32:0:00:3ff00 \
BG:359:0:00:3f3c0 CA:1:1:011:3fc80 CH:41:0:00:3f200 CN:86:0:00:3ff80 CY:357::00:3ff00 \
CZ:420::00:3fe00 DE:49:0:00:3fff0 DK:45::00:3ff00 EE:372::00:3fd80 EG:20:0:00:3ff00 \
ES:34::00:3fe00 FI:358:0:00:3ffe0 FR:33:0:00:3fe00 GB:44:0:00:3fe80 GR:30::00:3fc00 \
HK:852::00:3fbe0 HR:385:0:00:3ff80 HU:36:06:00:3ff00 IE:353:0:00:3ff80 IN:91:0:00:3ff00 \
IS:354::00:3fe80 IT:39::00:3ffc0 JP:81:0:010:3ff00 LI:423:0:00:3fe80 LT:370:0:00:3ff00 \
LU:352::00:3fff0 LV:371::00:3ff00 MC:377:0:00:3ff00 MT:356::00:3ff00 MX:52::00:3fc00 \
MY:60:0:00:3ff00 NG:234:0:009:3fc00 NL:31:0:00:3ffe0 NO:47::00:3ff20 NZ:64:0:00:3ffe0 \
PH:63:0:00:3ff40 PK:92:0:00:3ff00 PL:48::00:3ffc0 PT:351::00:3fe00 RO:40:0:00:3fe40 \
RS:381:0:00:3ffc0 RU:7:8:810:3c400 SA:966:0:00:3fe00 SE:46:0:00:3f7c0 SI:386:0:00:3ffe0 \
SK:421:0:00:3fec0 TR:90:0:00:3f480 UA:380:0:00:3fe00 US:1:1:011:3fc00 VN:84:0:00:3ff80 \
ZA:27:0:00:3ffe0";

/// Bit `n` set when `n` is an assigned country calling code (libphonenumber's list).
const CALLING_CODES: [u8; 125] = [
    130, 0, 16, 200, 151, 251, 251, 247, 7, 0, 86, 252, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    56, 245, 255, 255, 255, 255, 247, 63, 0, 0, 12, 14, 0, 0, 0, 0, 0, 192, 255, 0, 252, 247, 46,
    0, 0, 0, 176, 0, 0, 0, 0, 0, 0, 0, 0, 0, 240, 63, 0, 0, 0, 0, 0, 0, 0, 0, 0, 192, 255, 0, 0, 0,
    0, 0, 0, 0, 0, 64, 255, 239, 31, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 180,
    1, 64, 64, 79, 1, 0, 0, 0, 0, 0, 0, 0, 0, 255, 253, 11, 0, 95,
];

/// libphonenumber's bounds on the national significant number.
const NSN_LEN: core::ops::RangeInclusive<usize> = 2..=17;

struct Region<'a> {
    cc: &'a str,
    national_prefix: &'a str,
    idd: &'a str,
    lengths: u32,
}

fn regions() -> impl Iterator<Item = (&'static str, Region<'static>)> {
    crate::text::split_byte(REGIONS, b' ').filter_map(|row| {
        let mut f = crate::text::split_byte(row, b':');
        let (iso, cc, national_prefix, idd) = (f.next()?, f.next()?, f.next()?, f.next()?);
        let lengths = f.next()?.bytes().try_fold(0u32, |n, b| {
            Some(n << 4 | u32::from(crate::text::hex_digit(b)?))
        })?;
        Some((
            iso,
            Region {
                cc,
                national_prefix,
                idd,
                lengths,
            },
        ))
    })
}

/// Whether `country` (ISO 3166-1 alpha-2, any case) has a row in the table.
pub fn is_supported_country(country: &str) -> bool {
    regions().any(|(iso, _)| iso.eq_ignore_ascii_case(country))
}

/// A leading assigned calling code of `digits` and the rest (libphonenumber
/// `_extract_country_code`).
fn split_calling_code(digits: &str) -> Option<(&str, &str)> {
    if digits.len() <= 2 || digits.starts_with("0") {
        return None;
    }
    (1..=3).find_map(|n| {
        let code = crate::text::decimal(digits.get(..n)?)? as usize;
        (CALLING_CODES[code / 8] >> (code % 8) & 1 == 1).then(|| digits.split_at(n))
    })
}

/// libphonenumber `_extract_possible_number`: from the first `+` or digit to the last letter,
/// digit or `#`, cut before a second number (`/x…`). `None` past 250 chars or without a start.
fn possible_number(raw: &str) -> Option<&str> {
    if raw.chars().count() > 250 {
        return None;
    }
    let start = raw.find(|c| is_plus(c) || decimal_value(c).is_some())?;
    let number = crate::text::trim_end_by(&raw[start..], |c| {
        c == '_' || !(c == '#' || crate::text::is_alphanumeric(c))
    });
    // A `/` or `\` whose next char after spaces is `x` starts an extension.
    let cut = (0..number.len()).find(|&i| {
        matches!(number.as_bytes()[i], b'/' | b'\\')
            && number[i + 1..].bytes().find(|&b| b != b' ') == Some(b'x')
    });
    Some(cut.map_or(number, |i| &number[..i]))
}

fn is_plus(c: char) -> bool {
    c == '+' || c == '\u{FF0B}'
}

/// libphonenumber's separators inside a number (`VALID_PUNCTUATION` and `*`).
fn is_punctuation(c: char) -> bool {
    "-x.()[]/~* \u{A0}\u{AD}\u{200B}\u{2060}\u{3000}\u{2212}\u{30FC}\u{FF08}\u{FF09}\u{FF3B}\u{FF3D}\u{2053}\u{223C}\u{FF5E}"
        .chars()
        .any(|p| p == c)
        || ('\u{2010}'..='\u{2015}').contains(&c)
        || ('\u{FF0D}'..='\u{FF0F}').contains(&c)
}

/// libphonenumber `_is_viable_phone_number` for numbers without letters: two bare digits, or
/// pluses then at least three digits among its separators. Letters (vanity numbers,
/// extensions) are refused rather than interpreted.
fn viable(number: &str, digit_count: usize) -> bool {
    let body = crate::text::trim_start_by(number, is_plus);
    let separators_only = body
        .chars()
        .all(|c| decimal_value(c).is_some() || (is_punctuation(c) && c != 'x'));
    let bare_two = digit_count == 2 && number.chars().all(|c| decimal_value(c).is_some());
    bare_two || (digit_count >= 3 && separators_only)
}

/// `raw` as `+<calling code><national number>`, reading a number without `+` (or the country's
/// IDD) as a national number of `country`. `InvalidPhone` where libphonenumber's `parse` fails,
/// `InvalidOptions` for a country not in the table.
pub fn to_e164(raw: &str, country: &str) -> Result<String> {
    let home = regions()
        .find(|(iso, _)| iso.eq_ignore_ascii_case(country))
        .map(|(_, r)| r)
        .ok_or_else(|| Error::InvalidOptions("unsupported defaultCountry".into()))?;
    let number = possible_number(raw).ok_or(Error::InvalidPhone)?;
    let digits: String = number
        .chars()
        .filter_map(decimal_value)
        .map(|d| (b'0' + d) as char)
        .collect();
    if !viable(number, digits.len()) {
        return Err(Error::InvalidPhone);
    }
    let after_idd = digits
        .strip_prefix(home.idd)
        .filter(|rest| !rest.starts_with("0"));
    let (cc, national) = if number.starts_with(is_plus) {
        split_calling_code(&digits).ok_or(Error::InvalidPhone)?
    } else if let Some(rest) = after_idd {
        split_calling_code(rest).ok_or(Error::InvalidPhone)?
    } else {
        (home.cc, digits.as_str())
    };
    let home_of_cc = regions().find(|(_, r)| r.cc == cc).map(|(_, r)| r);
    let national = match home_of_cc {
        Some(r) if !r.national_prefix.is_empty() => {
            match national.strip_prefix(r.national_prefix) {
                Some(rest) if rest.len() > 17 || r.lengths >> rest.len() & 1 == 1 => rest,
                _ => national,
            }
        }
        _ => national,
    };
    if !NSN_LEN.contains(&national.len()) {
        return Err(Error::InvalidPhone);
    }
    let mut out = String::with_capacity(1 + cc.len() + national.len());
    out.push('+');
    out.push_str(cc);
    out.push_str(national);
    Ok(out)
}
