//! Email addresses: a local part, `@`, and a domain with an alphabetic top-level label.
//! Invariant: unicode local parts and domains, `+` tags and mixed case all match; a bare `@handle`
//! or `price@19.99` does not. (Percent-encoded forms are seen through the decoded pass.)

use super::{Pii, Span};

fn is_local(c: char) -> bool {
    crate::text::is_alphanumeric(c)
        || matches!(
            c,
            '.' | '_'
                | '+'
                | '-'
                | '%'
                | '\''
                | '!'
                | '#'
                | '$'
                | '&'
                | '*'
                | '/'
                | '='
                | '?'
                | '^'
                | '`'
                | '{'
                | '|'
                | '}'
                | '~'
        )
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

/// Start of the local part ending at `at` (never below `floor`); trims leading punctuation
/// that is more likely a delimiter (`=`, `?`, `/`, `'`).
fn local_start(text: &str, floor: usize, at: usize) -> usize {
    let mut start = at;
    while let Some((i, c)) = crate::text::prev_char(text, start) {
        if i < floor || !is_local(c) {
            break;
        }
        start = i;
    }
    // A delimiter-like character inside the run starts the address after it (`email=jane@…`).
    let run = &text.as_bytes()[start..at];
    if let Some(cut) = run
        .iter()
        .rposition(|&b| crate::text::includes(b"=?/'&|", b))
    {
        start += cut + 1;
    }
    while start < at && matches!(text.as_bytes()[start], b'.' | b'-') {
        start += 1;
    }
    start
}

/// End of a domain starting at `from`: labels of letters, digits and `-` separated by single dots,
/// at least two labels, the last one (without trailing `-`) alphabetic and at least two long.
fn domain_end(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let mut labels = 0usize;
    let mut best = None;
    let mut chars = rest.char_indices().peekable();
    loop {
        let (mut len, mut core_len, mut core_end, mut alpha) = (0, 0, 0, true);
        let label_start = chars.peek().map_or(0, |&(i, _)| i);
        while let Some(&(i, c)) = chars.peek() {
            if !is_label(c) {
                break;
            }
            len += 1;
            if c != '-' {
                // Hyphens are only inside a label, so the core ends at the last non-hyphen.
                core_len = len;
                core_end = i + c.len_utf8();
            }
            chars.next();
        }
        if len == 0 {
            break;
        }
        // The core is the label up to its last non-hyphen (none: `core_len` 0).
        alpha &= core_len > 0
            && rest[label_start..core_end]
                .chars()
                .all(crate::text::is_alphabetic);
        labels += 1;
        if labels >= 2 && alpha && core_len >= 2 {
            best = Some(from + core_end);
        }
        match chars.peek() {
            Some(&(_, '.')) => {
                chars.next();
            }
            _ => break,
        }
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
