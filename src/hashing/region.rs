//! Local phone numbers to E.164 for a default country, following libphonenumber's `parse` for
//! the common case with a compact table instead of its metadata (see `REGIONS` for what is kept).
//! Invariant: output is `+` and ASCII digits with a known country calling code, or an error.

use super::text::decimal_value;
use crate::error::{Error, Result};

/// `ISO:calling code:national prefix:international (IDD) prefix`, from libphonenumber metadata,
/// for countries whose prefixes are plain digit strings. Carrier-selection prefixes, vanity
/// letters, extensions and a national number typed with its country code but no `+` are not
/// interpreted (libphonenumber uses per-country number patterns for those).
const REGIONS: &str = "AD:376::00 AE:971:0:00 AT:43:0:00 AU:61:0:0011 BE:32:0:00 BG:359:0:00 \
CA:1:1:011 CH:41:0:00 CN:86:0:00 CY:357::00 CZ:420::00 DE:49:0:00 DK:45::00 EE:372::00 \
EG:20:0:00 ES:34::00 FI:358:0:00 FR:33:0:00 GB:44:0:00 GR:30::00 HK:852::00 HR:385:0:00 \
HU:36:06:00 IE:353:0:00 IN:91:0:00 IS:354::00 IT:39::00 JP:81:0:010 LI:423:0:00 LT:370:0:00 \
LU:352::00 LV:371::00 MC:377:0:00 MT:356::00 MX:52::00 MY:60:0:00 NG:234:0:009 NL:31:0:00 \
NO:47::00 NZ:64:0:00 PH:63:0:00 PK:92:0:00 PL:48::00 PT:351::00 RO:40:0:00 RS:381:0:00 \
RU:7:8:810 SA:966:0:00 SE:46:0:00 SI:386:0:00 SK:421:0:00 TR:90:0:00 UA:380:0:00 US:1:1:011 \
VN:84:0:00 ZA:27:0:00";

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
}

fn regions() -> impl Iterator<Item = (&'static str, Region<'static>)> {
    REGIONS.split(' ').filter_map(|row| {
        let mut f = row.split(':');
        let iso = f.next()?;
        Some((
            iso,
            Region {
                cc: f.next()?,
                national_prefix: f.next()?,
                idd: f.next()?,
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
    if digits.len() <= 2 || digits.starts_with('0') {
        return None;
    }
    (1..=3).find_map(|n| {
        let code: usize = digits.get(..n)?.parse().ok()?;
        (CALLING_CODES[code / 8] >> (code % 8) & 1 == 1).then(|| digits.split_at(n))
    })
}

/// `raw` as `+<calling code><national number>`, reading a number without `+` (or the country's
/// IDD) as a national number of `country`. `InvalidPhone` where libphonenumber's `parse` fails,
/// `InvalidOptions` for a country not in the table.
pub fn to_e164(raw: &str, country: &str) -> Result<String> {
    let home = regions()
        .find(|(iso, _)| iso.eq_ignore_ascii_case(country))
        .map(|(_, r)| r)
        .ok_or_else(|| Error::InvalidOptions("unsupported defaultCountry".into()))?;
    let start = raw.find(|c| c == '+' || c == '\u{FF0B}' || decimal_value(c).is_some());
    let (Some(start), true) = (start, raw.len() <= 250) else {
        return Err(Error::InvalidPhone);
    };
    let number = &raw[start..];
    let digits: String = number
        .chars()
        .filter_map(decimal_value)
        .map(|d| (b'0' + d) as char)
        .collect();
    let only_two_digits = digits.len() == 2 && number.len() == 2;
    if digits.len() < 3 && !only_two_digits {
        return Err(Error::InvalidPhone);
    }
    let after_idd = digits
        .strip_prefix(home.idd)
        .filter(|rest| !rest.starts_with('0'));
    let (cc, national) = if number.starts_with(['+', '\u{FF0B}']) {
        split_calling_code(&digits).ok_or(Error::InvalidPhone)?
    } else if let Some(rest) = after_idd {
        split_calling_code(rest).ok_or(Error::InvalidPhone)?
    } else {
        (home.cc, digits.as_str())
    };
    let prefix = regions()
        .find(|(_, r)| r.cc == cc)
        .map_or("", |(_, r)| r.national_prefix);
    let national = match national.strip_prefix(prefix) {
        Some(rest) if !prefix.is_empty() && rest.len() >= NSN_LEN.start() + 2 => rest,
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
