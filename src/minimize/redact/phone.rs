//! Phone-number shapes over a window of digit groups. Invariant: a bare digit string is a phone
//! only when it says so (a `+`, a trunk `0`, or a label like `tel:`); grouped shapes follow the
//! common national formats, and date or year-range shapes never count.

use super::number::{Keyword, Lead, Window};

pub(super) fn is_phone(w: &Window) -> bool {
    let nd = w.digits.len();
    if !(7..=15).contains(&nd) || is_date(w) {
        return false;
    }
    match w.lead {
        Lead::Plus => return nd >= 8,
        Lead::Paren => return nd >= 9 && (2..=5).contains(&w.lens[0]),
        Lead::None => {}
    }
    if w.keyword == Keyword::Phone {
        return true;
    }
    let d = w.digits;
    let trunk = d[0] == b'0';
    if w.lens.len() == 1 {
        return trunk && (10..=15).contains(&nd) && (d[1] != b'0' || nd >= 11);
    }
    let dash_dot = w.seps.iter().all(|s| *s == "-" || *s == ".");
    let plain = w.seps.iter().all(|s| matches!(*s, "-" | "." | " " | " - "));
    let nanp = |x: u8| (b'2'..=b'9').contains(&x);
    match w.lens {
        [3, 4] => dash_dot && nanp(d[0]),
        [4, 4] => dash_dot && !(is_year(&d[..4]) && is_year(&d[4..])),
        [3, 3, 4] => plain && (nanp(d[0]) || trunk),
        [1, 3, 3, 4] => plain && d[0] == b'1',
        // The SSN shape; judged (and validated) as an SSN only.
        [3, 2, 4] => false,
        _ => {
            let grouped = w.lens.iter().all(|&l| l >= 2);
            (trunk && nd >= 9 && grouped && plain)
                || (w.lens.len() >= 3
                    && nd >= 9
                    && dash_dot
                    && w.lens.iter().all(|&l| (2..=5).contains(&l)))
        }
    }
}

fn is_year(d: &[u8]) -> bool {
    d.len() == 4 && (d.starts_with(b"19") || d.starts_with(b"20"))
}

/// `2024-05-01`, `01/05/2024`, `2024.05`, `05-2024`: a year with a plausible month and day.
fn is_date(w: &Window) -> bool {
    let d = w.digits;
    let two = |i: usize| (d[i] - b'0') * 10 + (d[i + 1] - b'0');
    let same_sep = w.seps.windows(2).all(|p| p[0] == p[1])
        && w.seps.iter().all(|s| matches!(*s, "-" | "/" | "."));
    if !same_sep {
        return false;
    }
    match w.lens {
        [4, 2, 2] => is_year(&d[..4]) && (1..=12).contains(&two(4)) && (1..=31).contains(&two(6)),
        [2, 2, 4] => is_year(&d[4..]) && (1..=31).contains(&two(0)) && (1..=31).contains(&two(2)),
        _ => false,
    }
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
            "555-1234",
            "+49 (0)30 1234567",
            "+33 1 23 45 67 89",
            "01 23 45 67 89",
            "+15551234567",
            "0044 20 7946 0958",
            "+44+20+7946+0958",
        ] {
            assert_eq!(phones(p), [p], "{p}");
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
