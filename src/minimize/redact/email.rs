//! Email addresses: a local part, `@`, and a domain with an alphabetic top-level label.
//! Invariant: unicode local parts and domains, `+` tags and mixed case all match; a bare `@handle`
//! or `price@19.99` does not. (Percent-encoded forms are seen through the decoded pass.)

use super::{Pii, Span};

/// Whether `c` may be in a local part. Of RFC 5322's specials, those more likely delimiters
/// (`=`, `?`, `/`, `'`, `&`, `|`: `email=jane@…`) end the local part instead.
fn is_local(c: char) -> bool {
    crate::text::is_alphanumeric(c)
        || c.is_ascii() && crate::text::includes(b"._+-%!#$*^`{}~", c as u8)
}

fn is_label(c: char) -> bool {
    crate::text::is_alphanumeric(c) || c == '-'
}

pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    let mut floor = 0;
    // Byte positions, not `match_indices('@')`: std's char searcher brings its `memchr` along.
    for at in 0..text.len() {
        if text.as_bytes()[at] != b'@' || at < floor {
            continue;
        }
        let start = local_start(text, floor, at);
        if start == at {
            continue;
        }
        if let Some(end) = domain_end(text, at + 1) {
            out.push(Span {
                start,
                end,
                pii: Pii::Email,
            });
            floor = end;
        }
    }
}

/// Start of the local part ending at `at` (never below `floor`), without leading `.` or `-`.
fn local_start(text: &str, floor: usize, at: usize) -> usize {
    let mut start = at;
    while let Some((i, c)) = crate::text::prev_char(text, start) {
        if i < floor || !is_local(c) {
            break;
        }
        start = i;
    }
    while start < at && matches!(text.as_bytes()[start], b'.' | b'-') {
        start += 1;
    }
    start
}

/// End of a domain starting at `from`: labels of letters, digits and `-` separated by single dots,
/// at least two labels, the last one (without trailing `-`) alphabetic and at least two long.
fn domain_end(text: &str, from: usize) -> Option<usize> {
    let (mut i, mut labels, mut best) = (from, 0, None);
    loop {
        // The label's core ends at its last non-hyphen (hyphens are only inside a label); it is
        // alphabetic when every char up to there is a letter (a hyphen inside it is not).
        let (start, mut letters, mut core_end, mut alpha, mut hyphen) = (i, 0, i, true, false);
        while let Some(c) = text[i..].chars().next() {
            if !is_label(c) {
                break;
            }
            i += c.len_utf8();
            if c == '-' {
                hyphen = true;
            } else {
                alpha &= !hyphen && crate::text::is_alphabetic(c);
                hyphen = false;
                letters += 1;
                core_end = i;
            }
        }
        if i == start {
            break;
        }
        labels += 1;
        if labels >= 2 && alpha && letters >= 2 {
            best = Some(core_end);
        }
        if i >= text.len() || text.as_bytes()[i] != b'.' {
            break;
        }
        i += 1;
    }
    best
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
        assert_eq!(
            spans("mail Jane.Doe+shop@Example.COM now"),
            ["Jane.Doe+shop@Example.COM"]
        );
        assert_eq!(
            spans("email=jane@example.co.uk&x=1"),
            ["jane@example.co.uk"]
        );
        assert_eq!(spans("jöhn.dœ@exämple.de."), ["jöhn.dœ@exämple.de"]);
        assert_eq!(spans("用户@例子.广告"), ["用户@例子.广告"]);
        assert_eq!(spans("a@b.com@c.org"), ["a@b.com"]);
        assert_eq!(spans("maria-garcia@correo.es-"), ["maria-garcia@correo.es"]);
    }

    #[test]
    fn ignores_non_addresses() {
        assert!(spans("follow @shop").is_empty());
        assert!(spans("2 for price@19.99").is_empty());
        assert!(spans("user@localhost").is_empty());
        assert!(spans("x@y.c").is_empty());
    }
}
