//! IP addresses: dotted-quad IPv4 and IPv6 (with `::` compression and an embedded IPv4 tail).
//! Invariant: anything that parses as an address matches, wherever it sits; five-part version
//! strings (`1.2.3.4.5`) and clock times (`12:30:45`) do not.

use super::token::{class, ALNUM, COLON, DOT, HEX};
use super::{Pii, Span};

pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    v4(b, out);
    if crate::text::count_byte(b, b':') >= 2 {
        v6(b, out);
    }
}

fn v4(b: &[u8], out: &mut Vec<Span>) {
    let mut i = 0;
    while i < b.len() {
        let fresh = i == 0 || class(b[i - 1]) & (ALNUM | DOT) == 0;
        if !(b[i].is_ascii_digit() && fresh) {
            i += 1;
            continue;
        }
        let len = ipv4_len(&b[i..]);
        if len > 0 && !continues_dotted(&b[i + len..]) {
            out.push(Span {
                start: i,
                end: i + len,
                pii: Pii::Ip,
            });
            i += len;
        } else {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
        }
    }
}

fn continues_dotted(rest: &[u8]) -> bool {
    rest.first().is_some_and(u8::is_ascii_digit)
        || (!rest.is_empty() && rest[0] == b'.' && rest.get(1).is_some_and(u8::is_ascii_digit))
}

/// Length of a dotted quad at the start of `b` (each octet 0..=255, one to three digits), or 0
/// when there is none (a plain length, not an `Option`, which is returned through memory).
pub(super) fn ipv4_len(b: &[u8]) -> usize {
    let mut i = 0;
    for part in 0..4 {
        if part > 0 {
            // Not `b.get(i) != Some(&b'.')`: that compares through memory, a stack frame here.
            if i >= b.len() || b[i] != b'.' {
                return 0;
            }
            i += 1;
        }
        let start = i;
        let mut v: u32 = 0;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 3 {
            v = v * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        if i == start || v > 255 {
            return 0;
        }
    }
    i
}

fn is_v6_byte(c: u8) -> bool {
    class(c) & (HEX | COLON | DOT) != 0
}

fn v6(b: &[u8], out: &mut Vec<Span>) {
    let mut i = 0;
    while i < b.len() {
        // Each maximal run of hex digits, `:` and `.` is one candidate.
        let mut end = i;
        while end < b.len() && is_v6_byte(b[end]) {
            end += 1;
        }
        if end == i {
            i += 1;
            continue;
        }
        let mut start = i;
        let mut stop = end;
        // A lone leading `:` belongs to a label (`ip:fe80::1`); a trailing `:` or `.` to the sentence.
        if b[start] == b':' && (start + 1 >= b.len() || b[start + 1] != b':') {
            start += 1;
        }
        while stop > start && matches!(b[stop - 1], b'.') {
            stop -= 1;
        }
        if stop > start && b[stop - 1] == b':' && (stop < 2 || b[stop - 2] != b':') {
            stop -= 1;
        }
        let cand = &b[start..stop];
        // (An address has two `:` or more, which `is_ipv6` sees to.)
        if cand.iter().any(u8::is_ascii_digit) && is_ipv6(cand) {
            out.push(Span {
                start,
                end: stop,
                pii: Pii::Ip,
            });
        }
        i = end;
    }
}

/// Whether `s` is an IPv6 address in text form.
pub(super) fn is_ipv6(s: &[u8]) -> bool {
    let mut k = 0;
    while k + 1 < s.len() && !(s[k] == b':' && s[k + 1] == b':') {
        k += 1;
    }
    // Around the first `::`, each side is whole groups: an empty group (a second `::`, `:::`)
    // fails `count_groups`.
    let compressed = k + 1 < s.len();
    let (head, tail) = if compressed {
        (&s[..k], &s[k + 2..])
    } else {
        (s, &s[..0])
    };
    let (h, t) = (count_groups(head, !compressed), count_groups(tail, true));
    if compressed {
        h + t <= 7
    } else {
        h == 8
    }
}

/// More groups than an address has: what [`count_groups`] gives for a side that is not groups
/// (a plain count, not an `Option`, which is returned through memory).
const BAD: usize = 9;

/// Groups in a `:`-separated side: one to four hex digits each, the last possibly an IPv4 tail
/// (2 groups) when `may_end_v4`; [`BAD`] when it is not such groups.
fn count_groups(side: &[u8], may_end_v4: bool) -> usize {
    if side.is_empty() {
        return 0;
    }
    let (mut n, mut start) = (0, 0);
    loop {
        let mut end = start;
        while end < side.len() && class(side[end]) & HEX != 0 {
            end += 1;
        }
        if end < side.len() && side[end] != b':' {
            // Not hex: only a whole IPv4 tail may be (it holds no `:`, so it is the last group).
            let rest = &side[start..];
            // (`rest` holds the non-hex byte, so is never empty.)
            return if may_end_v4 && ipv4_len(rest) == rest.len() {
                n + 2
            } else {
                BAD
            };
        }
        if !matches!(end - start, 1..=4) {
            return BAD;
        }
        n += 1;
        if end == side.len() {
            return n;
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        find(s, &mut v);
        v.iter().map(|x| &s[x.start..x.end]).collect()
    }

    #[test]
    fn finds_addresses() {
        assert_eq!(spans("from 192.168.1.20, ok"), ["192.168.1.20"]);
        assert_eq!(
            spans("ip:fe80::1ff:fe23:4567:890a."),
            ["fe80::1ff:fe23:4567:890a"]
        );
        assert_eq!(
            spans("2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
            ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"]
        );
        assert_eq!(spans("[::1]:8080"), ["::1"]);
        assert_eq!(spans("::ffff:10.0.0.1"), ["10.0.0.1", "::ffff:10.0.0.1"]);
        assert_eq!(spans("host 10.0.0.1:443"), ["10.0.0.1"]);
    }

    #[test]
    fn ignores_look_alikes() {
        for s in [
            "12:30:45",
            "1.2.3.4.5",
            "v1.2.3",
            "256.1.1.1",
            "19.99",
            "a::b",
            "2001:db8::1::2",
            "cafe::",
        ] {
            assert!(spans(s).is_empty(), "{s}");
        }
    }
}
