//! Secrets: `Bearer`/`Basic` credentials, JWTs (`eyJ…` in three base64url parts), API keys with a
//! well-known prefix, and long random-looking keys. Invariant: a generic key must mix upper case,
//! lower case and digits with many transitions, so product handles and hex hashes are kept.

use super::{word_before, Pii, Span};

/// Prefixes of API keys issued by common services, with the minimum length of what follows.
/// (Read at compile time only: the wasm carries [`PACKED`].)
const PREFIXES: [(&str, usize); 25] = [
    ("sk_live_", 16),
    ("sk_test_", 16),
    ("pk_live_", 16),
    ("pk_test_", 16),
    ("rk_live_", 16),
    ("rk_test_", 16),
    ("whsec_", 16),
    ("ghp_", 30),
    ("gho_", 30),
    ("ghu_", 30),
    ("ghs_", 30),
    ("ghr_", 30),
    ("github_pat_", 30),
    ("glpat-", 20),
    ("xoxb-", 20),
    ("xoxp-", 20),
    ("xoxa-", 20),
    ("xoxs-", 20),
    ("shpat_", 32),
    ("shpca_", 32),
    ("shppa_", 32),
    ("shpss_", 32),
    ("AKIA", 16),
    ("AIza", 35),
    ("SG.", 40),
];
/// Shortest random-looking run taken for a key without a known prefix.
const GENERIC_MIN: usize = 32;

/// Byte classes, as bits: a run is the bytes whose class shares a bit with its mask (one
/// non-generic `run`, not one closure per kind of run).
pub(super) const ALNUM: u8 = 1;
/// `-` and `_`: with [`ALNUM`], base64url.
const B64: u8 = 2;
pub(super) const DOT: u8 = 4;
/// `~`, `+`, `/`, `=`: with the others, a credential after `Bearer` / `Basic`.
const CRED: u8 = 8;
const BLANK: u8 = 16;
/// Hex digits and `:`, for IPv6 addresses (see `ip`).
pub(super) const HEX: u8 = 64;
pub(super) const COLON: u8 = 128;
const B64URL: u8 = ALNUM | B64;
/// Starts some prefix of [`PREFIXES`]: `prefixed` runs at every word start of every text the
/// minimizer sees, and most words start with none of them.
const PREFIX_FIRST: u8 = 32;

/// Each byte's class bits, [`PREFIX_FIRST`], [`HEX`] and [`COLON`] too: one table that the wasm
/// carries anyway, rather than a table of prefix starts and range tests as code.
const CLASSES: [u8; 256] = {
    let mut t = [0; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => ALNUM,
            b'-' | b'_' => B64,
            b'.' => DOT,
            b'~' | b'+' | b'/' | b'=' => CRED,
            b' ' | b'\t' => BLANK,
            b':' => COLON,
            _ => 0,
        } | if (c as u8).is_ascii_hexdigit() {
            HEX
        } else {
            0
        };
        c += 1;
    }
    let mut k = 0;
    while k < PREFIXES.len() {
        t[PREFIXES[k].0.as_bytes()[0] as usize] |= PREFIX_FIRST;
        k += 1;
    }
    t
};

pub(super) fn class(c: u8) -> u8 {
    CLASSES[usize::from(c)]
}

fn is_b64url(c: u8) -> bool {
    class(c) & B64URL != 0
}

pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if class(b[i]) & ALNUM == 0 || (i > 0 && is_b64url(b[i - 1])) || word_before(text, i) {
            i += 1;
            continue;
        }
        let end = scheme(b, i)
            .or_else(|| jwt(b, i))
            .or_else(|| prefixed(b, i))
            .or_else(|| generic(b, i));
        match end {
            Some(end) => {
                out.push(Span {
                    start: i,
                    end,
                    pii: Pii::Token,
                });
                i = end;
            }
            None => {
                while i < b.len() && is_b64url(b[i]) {
                    i += 1;
                }
            }
        }
    }
}

/// How many bytes from `from` on are of a class in `mask`.
fn run(b: &[u8], from: usize, mask: u8) -> usize {
    let mut j = from;
    while j < b.len() && class(b[j]) & mask != 0 {
        j += 1;
    }
    j - from
}

/// `Bearer <credential>` or `Basic <credential>` (case-insensitive): a credential of ≥ 8 characters
/// mixing letters and digits, or of ≥ 20 (so "Bearer Sterling" and "Bearer /path" are kept).
fn scheme(b: &[u8], i: usize) -> Option<usize> {
    // The word is followed by a blank, so it is the whole run of letters and digits at `i`.
    let word = &b[i..i + run(b, i, ALNUM)];
    if !(word.eq_ignore_ascii_case(b"bearer") || word.eq_ignore_ascii_case(b"basic")) {
        return None;
    }
    let mut j = i + word.len();
    let spaces = run(b, j, BLANK);
    if spaces == 0 {
        return None;
    }
    j += spaces;
    if j >= b.len() || class(b[j]) & ALNUM == 0 {
        return None;
    }
    let len = run(b, j, B64URL | DOT | CRED);
    let cred = &b[j..j + len];
    let (mut digit, mut letter) = (false, false);
    for &c in cred {
        digit |= c.is_ascii_digit();
        letter |= c.is_ascii_alphabetic();
    }
    (len >= 20 || (len >= 8 && digit && letter)).then_some(j + len)
}

/// `eyJ` + base64url, `.`, base64url, `.`, optional base64url signature.
fn jwt(b: &[u8], i: usize) -> Option<usize> {
    if !b[i..].starts_with(b"eyJ") {
        return None;
    }
    let head = run(b, i, B64URL);
    let mut j = i + head;
    if head < 10 || j >= b.len() || b[j] != b'.' {
        return None;
    }
    let payload = run(b, j + 1, B64URL);
    if payload < 2 {
        return None;
    }
    j += 1 + payload;
    if j >= b.len() || b[j] != b'.' {
        return None;
    }
    Some(j + 1 + run(b, j + 1, B64URL))
}

/// [`PREFIXES`] as one byte string, each entry its prefix's length, the minimum, then the prefix:
/// smaller in the wasm than a table of slices (their addresses compress badly).
const PACKED: [u8; packed_len()] = {
    let mut out = [0; packed_len()];
    let (mut k, mut at) = (0, 0);
    while k < PREFIXES.len() {
        let (p, min) = (PREFIXES[k].0.as_bytes(), PREFIXES[k].1);
        out[at] = p.len() as u8;
        out[at + 1] = min as u8;
        out = crate::text::with_bytes_at(out, at + 2, p);
        at += 2 + p.len();
        k += 1;
    }
    out
};

const fn packed_len() -> usize {
    let (mut k, mut n) = (0, 0);
    while k < PREFIXES.len() {
        n += 2 + PREFIXES[k].0.len();
        k += 1;
    }
    n
}

fn prefixed(b: &[u8], i: usize) -> Option<usize> {
    if class(b[i]) & PREFIX_FIRST == 0 {
        return None;
    }
    let mut k = 0;
    while k < PACKED.len() {
        let (len, min) = (usize::from(PACKED[k]), usize::from(PACKED[k + 1]));
        let p = &PACKED[k + 2..k + 2 + len];
        if b[i..].starts_with(p) {
            let rest = run(b, i + len, B64URL | DOT);
            if rest >= min {
                return Some(i + len + rest);
            }
        }
        k += 2 + len;
    }
    None
}

/// A run of ≥ 32 letters and digits that looks random: upper case, lower case and digits all
/// present, digits in several places, and few lower-case stretches of three or more (which words,
/// camel-case names and handles are made of). Hex digests have no upper case, so they stay.
fn generic(b: &[u8], i: usize) -> Option<usize> {
    let len = run(b, i, ALNUM);
    if len < GENERIC_MIN || b.get(i + len).is_some_and(|&c| is_b64url(c)) {
        return None;
    }
    let s = &b[i..i + len];
    let (mut upper, mut lower, mut digit_runs, mut wordy, mut lower_run) = (0, 0, 0, 0, 0);
    let mut after_digit = false;
    for &c in s {
        let digit = c.is_ascii_digit();
        digit_runs += usize::from(digit && !after_digit);
        after_digit = digit;
        if c.is_ascii_lowercase() {
            lower += 1;
            lower_run += 1;
        } else {
            upper += usize::from(c.is_ascii_uppercase());
            lower_run = 0;
        }
        wordy += usize::from(lower_run == 3);
    }
    (upper >= 3 && lower >= 3 && digit_runs >= 2 && wordy * 8 <= len).then_some(i + len)
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
    fn finds_secrets() {
        let jwt =
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(spans(&format!("t={jwt}&x")), [jwt]);
        assert_eq!(
            spans("Authorization: Bearer abc123DEF456ghi"),
            ["Bearer abc123DEF456ghi"]
        );
        assert_eq!(
            spans("key sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
            ["sk_live_4eC39HqLyjWDarjtT1zdp7dc"]
        );
        assert_eq!(spans("AKIAIOSFODNN7EXAMPLE"), ["AKIAIOSFODNN7EXAMPLE"]);
        assert_eq!(
            spans("k=Zx9Qw3Er7Ty1Ui5Op0As4Df8Gh2Jk6Lz"),
            ["Zx9Qw3Er7Ty1Ui5Op0As4Df8Gh2Jk6Lz"]
        );
    }

    #[test]
    fn keeps_ids_and_words() {
        for s in [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "550e8400-e29b-41d4-a716-446655440000",
            "Classic-Leather-Boots-2024-Limited-Edition-Black",
            "ThisIsAVeryLongCamelCaseName2024Edition",
            "gid://shopify/ProductVariant/40123456789012",
            "bearer of good news",
            "Bearer Sterling silver",
            "Bearer /Instant Pot",
        ] {
            assert!(spans(s).is_empty(), "{s}");
        }
    }
}
