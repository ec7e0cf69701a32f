//! Payment card numbers over a window of digit groups. Invariant: a match is 13–19 digits grouped
//! only by single spaces or dashes, carries an issuer prefix whose lengths include this one, and
//! passes the Luhn check; a 13-digit code that is a valid GTIN is an EAN, not a card.

use super::number::{Lead, Window, DASH, SPACE};

/// 13–19 digits, grouped by single spaces or dashes (or not at all), Luhn-valid, of a card brand
/// whose lengths include this one.
pub(super) fn is_card(w: &Window) -> bool {
    let d = w.digits;
    matches!(d.len(), 13..=19)
        && w.lead == Lead::None
        && w.seps & !(SPACE | DASH) == 0
        && brand_allows(d)
        && luhn(d)
}

/// Issuer prefixes and the lengths each brand issues.
fn brand_allows(d: &[u8]) -> bool {
    let two = (d[0] - b'0') * 10 + (d[1] - b'0');
    let len = d.len();
    match two {
        // 13-digit Visa numbers are no longer issued; a 13-digit code that is a valid GTIN is an EAN.
        40..=49 => matches!(len, 16 | 19) || (len == 13 && !gtin(d)),
        34 | 37 => len == 15,
        51..=55 | 22..=27 => len == 16,
        30 | 36 | 38 | 39 => matches!(len, 14..=19),
        35 | 50 | 56..=69 => len >= 16,
        _ => false,
    }
}

/// The GS1 check digit (weights 3 and 1 from the right) of an EAN / UPC / GTIN.
fn gtin(d: &[u8]) -> bool {
    mod10(d, false)
}

/// The Luhn mod-10 checksum over ASCII digits.
pub(super) fn luhn(d: &[u8]) -> bool {
    mod10(d, true)
}

/// A mod-10 check over ASCII digits from the right, every second one doubled (digit sum) for
/// Luhn or tripled for GS1: one loop for both (plain, as the page's size-first build keeps each
/// adapter chain as functions of its own).
fn mod10(d: &[u8], luhn: bool) -> bool {
    let (mut sum, mut i, mut odd) = (0u32, d.len(), false);
    while i > 0 {
        i -= 1;
        let v = u32::from(d[i] - b'0');
        sum += if !odd {
            v
        } else if luhn {
            v * 2 - 9 * u32::from(v > 4)
        } else {
            v * 3
        };
        odd = !odd;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::super::{number, Pii, Span};
    use super::*;

    fn kinds(s: &str) -> Vec<(&str, Pii)> {
        let mut v: Vec<Span> = Vec::new();
        number::find(s, &mut v);
        v.iter().map(|x| (&s[x.start..x.end], x.pii)).collect()
    }

    #[test]
    fn cards() {
        assert_eq!(
            kinds("card 4111 1111 1111 1111 ok"),
            [("4111 1111 1111 1111", Pii::Card)]
        );
        assert_eq!(
            kinds("5500-0000-0000-0004"),
            [("5500-0000-0000-0004", Pii::Card)]
        );
        assert_eq!(kinds("378282246310005"), [("378282246310005", Pii::Card)]);
        assert!(kinds("4111 1111 1111 1112").is_empty());
        assert!(luhn(b"79927398713") && !luhn(b"79927398710"));
    }

    #[test]
    fn gtin_is_not_luhn() {
        assert!(gtin(b"4006381333931") && gtin(b"036000291452"));
        assert!(!gtin(b"4006381333932"));
    }
}
