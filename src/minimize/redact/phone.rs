//! Phone-number shapes over a window of digit groups. Invariant: a digit string is a phone only
//! when it says so — a `+` or `(area)` lead, a trunk `0` with an area code, the North American
//! 3-3-4 shape, or a label like `tel:`. Seven- and eight-digit local numbers need the label: bare,
//! they are indistinguishable from postal codes (`530-0001`), article numbers (`4711-0815`) and
//! references (`2023.11.0042`). Dates never count.

use super::number::{shape, Keyword, Lead, Window, DASH, DOT, SLASH, SPACE, SPACED_DASH};

pub(super) fn is_phone(w: &Window) -> bool {
    let nd = w.digits.len();
    if !matches!(nd, 7..=15) || is_date(w) {
        return false;
    }
    match w.lead {
        Lead::Plus => return nd >= 8,
        Lead::Paren => return nd >= 9 && matches!(w.first, 2..=5),
        Lead::None => {}
    }
    if w.keyword == Keyword::Phone {
        return true;
    }
    let d = w.digits;
    let trunk = d[0] == b'0';
    if w.shape < 32 {
        // 07946095812; 12- and 13-digit runs with a leading 0 are UPC / EAN codes.
        return trunk && matches!(nd, 10..=11) && w.keyword != Keyword::Code;
    }
    let plain = w.seps & !(DASH | DOT | SPACE | SPACED_DASH) == 0;
    const NANP: u32 = shape(&[3, 3, 4]);
    const NANP_1: u32 = shape(&[1, 3, 3, 4]);
    const SSN: u32 = shape(&[3, 2, 4]);
    match w.shape {
        // North American: 555-123-4567, 555.123.4567, 555 123 4567, 1-555-123-4567.
        // An area code starts with 2–9 (or a trunk 0): any digit but 1.
        NANP => plain && d[0] != b'1',
        NANP_1 => plain && d[0] == b'1',
        // The SSN shape; judged (and validated) as an SSN only.
        SSN => false,
        // National formats with a trunk 0 and an area code: 020 7946 0958, 01 23 45 67 89.
        _ => trunk && nd >= 10 && w.wide && plain,
    }
}

/// `2024-05-01`, `01/05/2024`, `05.01.2024`: a 19xx or 20xx year with a plausible month and day
/// (year first: month then day; year last: either order, each up to 31).
fn is_date(w: &Window) -> bool {
    const YMD: u32 = shape(&[4, 2, 2]);
    const DMY: u32 = shape(&[2, 2, 4]);
    // Where the year, the first two-digit part (and its largest value) and the second one start.
    let (year, first, first_max, second) = match w.shape {
        YMD => (0, 4, 12, 6),
        DMY => (4, 0, 31, 2),
        _ => return false,
    };
    // Both shapes are eight digits.
    let Ok(d) = <&[u8; 8]>::try_from(w.digits) else {
        return false;
    };
    let two = |i: usize| (d[i] - b'0') * 10 + (d[i + 1] - b'0');
    // One kind of separator (one bit), a dash, a slash or a dot.
    let same_sep = w.seps.count_ones() <= 1 && w.seps & !(DASH | SLASH | DOT) == 0;
    same_sep
        && (two(year) == 19 || two(year) == 20)
        && (1..=first_max).contains(&two(first))
        && matches!(two(second), 1..=31)
}

#[cfg(test)]
mod tests {
    use super::super::{Pii, Span};

    fn phones(s: &str) -> Vec<&str> {
        let mut v: Vec<Span> = Vec::new();
        super::super::number::find(s, &mut v);
        v.iter()
            .filter(|x| x.pii == Pii::Phone)
            .map(|x| &s[x.start..x.end])
            .collect()
    }

    #[test]
    fn formats() {
        for p in [
            "+44 20 7946 0958",
            "(555) 123-4567",
            "555-123-4567",
            "+1.555.123.4567",
            "555.123.4567",
            "1-555-123-4567",
            "020 7946 0958",
            "07946 095812",
            "tel 555-1234",
            "+49 (0)30 1234567",
            "+33 1 23 45 67 89",
            "01 23 45 67 89",
            "+15551234567",
            "0044 20 7946 0958",
            "+44+20+7946+0958",
        ] {
            let want = p.trim_start_matches("tel ");
            assert_eq!(phones(p), [want], "{p}");
        }
    }

    #[test]
    fn not_phones() {
        for s in [
            "2024-05-01",
            "01/05/2024",
            "2023-2024",
            "size 42 43 44",
            "1 299 00",
            "12345678",
            "100 2024",
            "1714567890",
            "v1.2.3",
            "4111 1111 1111 1112",
        ] {
            assert!(phones(s).is_empty(), "{s}");
        }
    }
}
