//! Strings for messages, keys and numbers built without `core::fmt`. The page build (panics
//! abort, no `Debug`) would otherwise keep `format!`'s machinery (~2 KB of wasm) just for these.
//! Invariant: each builder writes exactly what the `format!` it replaces wrote.
//!
//! The stand-ins below (byte searches, trims, UTF-8 validation) exist for the same reason: in the
//! page's size-first wasm each std searcher, word-at-a-time scan and iterator-adapter instance is
//! code of its own. So the page's paths also write prefix and suffix tests with `&str` patterns
//! (`strip_prefix("{")`: one shared byte compare) rather than `char` ones, and scan with loops.

/// `format!("{a}{b}…")` for `&str`-like parts (`&str`, `String`, `&String`): `cat!("x.", k)`.
macro_rules! cat {
    ($($part:expr),+ $(,)?) => {
        $crate::text::join(&[$(::core::convert::AsRef::<str>::as_ref(&$part)),+], "")
    };
}
pub(crate) use cat;

/// `parts.join(sep)`: one plain loop, where std's `join`/`concat` keep a copy routine
/// specialized per separator length (~0.9 KB of wasm) for the page's few messages.
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut len = 0;
    for p in parts {
        len += p.len() + sep.len();
    }
    let mut out = String::with_capacity(len);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// Owned copies of `list` (one loop for every default list the options start from).
pub fn owned(list: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        out.push((*s).to_owned());
    }
    out
}

/// `s.split_once(b)` for an ASCII byte `b`. The byte searches here stand in for std's char
/// pattern searcher (forward, backward and its `memchr`s: ~1 KB of the page's wasm).
pub fn split_once_byte(s: &str, b: u8) -> Option<(&str, &str)> {
    let i = s.as_bytes().iter().position(|&x| x == b)?;
    Some((&s[..i], &s[i + 1..]))
}

/// `list.contains(&x)` as a plain loop, for bytes and ids alike: std's slice `contains` of a
/// byte is its word-at-a-time `memchr` (~480 B of the page's wasm), and of other integers a larger
/// function than this loop, for lists of a few hundred items.
#[allow(clippy::manual_contains)] // on purpose: see above
pub fn includes<T: Copy + PartialEq>(list: &[T], x: T) -> bool {
    list.iter().any(|&y| y == x)
}

/// How many times `b` occurs in `bytes` (a loop, not an adapter chain).
pub fn count_byte(bytes: &[u8], b: u8) -> usize {
    let mut n = 0;
    for &x in bytes {
        n += usize::from(x == b);
    }
    n
}

/// `s.is_ascii()` as a plain loop (std's reads a word at a time: ~160 B of wasm for short texts).
pub fn is_ascii(s: &str) -> bool {
    !s.as_bytes().iter().any(|&b| b >= 0x80)
}

/// `s.rsplit_once(b)` for an ASCII byte `b`.
pub fn rsplit_once_byte(s: &str, b: u8) -> Option<(&str, &str)> {
    let i = s.as_bytes().iter().rposition(|&x| x == b)?;
    Some((&s[..i], &s[i + 1..]))
}

/// `s.split(b).next().unwrap()`: the text before the first `b`, or all of it.
pub fn first_field(s: &str, b: u8) -> &str {
    split_once_byte(s, b).map_or(s, |(head, _)| head)
}

/// `s.rsplit(b).next().unwrap()`: the text after the last `b`, or all of it.
pub fn last_field(s: &str, b: u8) -> &str {
    rsplit_once_byte(s, b).map_or(s, |(_, tail)| tail)
}

/// `s.split(b)` for an ASCII byte `b`.
pub fn split_byte(s: &str, b: u8) -> SplitByte<'_> {
    SplitByte { rest: Some(s), b }
}

/// The iterator of [`split_byte`].
pub struct SplitByte<'a> {
    rest: Option<&'a str>,
    b: u8,
}

impl<'a> Iterator for SplitByte<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        let (field, rest) = match split_once_byte(s, self.b) {
            Some((field, rest)) => (field, Some(rest)),
            None => (s, None),
        };
        self.rest = rest;
        Some(field)
    }
}

/// The value of `s` written as decimal digits only (no sign, no spaces); `None` when it is
/// empty, holds anything else or exceeds `u64`. One parser for every integer the core reads
/// from text: std's `parse` is instantiated once per integer type.
pub fn decimal(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut n = 0u64;
    for &b in s.as_bytes() {
        let d = u64::from(b.wrapping_sub(b'0'));
        // Overflow checked without a 128-bit multiply (and a byte loop, not `bytes()`, whose
        // iterator the size-first build keeps in memory): `n * 10` cannot overflow while
        // `n <= u64::MAX / 10`, and adding `d` wraps exactly when the sum comes out below `d`.
        let next = n.wrapping_mul(10).wrapping_add(d);
        if d > 9 || n > u64::MAX / 10 || next < d {
            return None;
        }
        n = next;
    }
    Some(n)
}

/// The byte a `%XX` escape starting at `bytes[i]` stands for.
pub fn escaped_byte(bytes: &[u8], i: usize) -> Option<u8> {
    // A bounds check and an index, not `get(i) != Some(&b'%')` (an `Option` compared through
    // memory in the page's size-first wasm).
    if i + 2 >= bytes.len() || bytes[i] != b'%' {
        return None;
    }
    Some(hex_digit(bytes[i + 1])? << 4 | hex_digit(bytes[i + 2])?)
}

/// The value of a hex digit.
pub fn hex_digit(b: u8) -> Option<u8> {
    if b.is_ascii_digit() {
        return Some(b - b'0');
    }
    // Setting bit 5 lower-cases a letter, and maps only `A`..=`F` and `a`..=`f` to `a`..=`f`.
    let letter = (b | 0x20).wrapping_sub(b'a');
    if letter < 6 {
        Some(letter + 10)
    } else {
        None
    }
}

/// Where `bytes` stop being UTF-8: `None` if they are; else what std's `Utf8Error` says, the
/// length of the valid prefix and of the invalid sequence after it (`None`: cut off at the end).
/// A byte loop over Unicode's table of well-formed sequences (std's `from_utf8` reads a word at a
/// time: ~0.7 KB of the page's wasm for texts of a few hundred bytes).
pub fn utf8_error(bytes: &[u8]) -> Option<(usize, Option<usize>)> {
    let mut i = 0;
    while i < bytes.len() {
        // The sequence's length and the range of its second byte (later ones are 80..=BF).
        let first = bytes[i];
        let (width, low, high) = match first {
            0x00..=0x7F => (1, 0, 0),
            0xC2..=0xDF => (2, 0x80, 0xBF),
            // E0 needs A0.., ED ..9F (no surrogates), F0 90.., F4 ..8F (nothing above U+10FFFF).
            0xE0..=0xEF => (
                3,
                0x80 + 0x20 * u8::from(first == 0xE0),
                0xBF - 0x20 * u8::from(first == 0xED),
            ),
            0xF0..=0xF4 => (
                4,
                0x80 + 0x10 * u8::from(first == 0xF0),
                0xBF - 0x30 * u8::from(first == 0xF4),
            ),
            _ => return Some((i, Some(1))),
        };
        for k in 1..width {
            let Some(&b) = bytes.get(i + k) else {
                return Some((i, None));
            };
            let (low, high) = if k == 1 { (low, high) } else { (0x80, 0xBF) };
            if b < low || b > high {
                return Some((i, Some(k)));
            }
        }
        i += width;
    }
    None
}

/// `core::str::from_utf8(bytes).ok()` through [`utf8_error`].
pub fn str_from_utf8(bytes: &[u8]) -> Option<&str> {
    match utf8_error(bytes) {
        // SAFETY: `utf8_error` found every byte in a well-formed sequence (tested against std's
        // validation below; debug builds ask std again).
        None => {
            debug_assert!(core::str::from_utf8(bytes).is_ok());
            Some(unsafe { core::str::from_utf8_unchecked(bytes) })
        }
        Some(_) => None,
    }
}

/// `String::from_utf8(bytes)` through [`utf8_error`]; the bytes back when they are not UTF-8.
pub fn string_from_utf8(bytes: Vec<u8>) -> core::result::Result<String, Vec<u8>> {
    match utf8_error(&bytes) {
        // SAFETY: as in `str_from_utf8`.
        None => {
            debug_assert!(core::str::from_utf8(&bytes).is_ok());
            Ok(unsafe { String::from_utf8_unchecked(bytes) })
        }
        Some(_) => Err(bytes),
    }
}

/// `String::from_utf8_lossy(bytes)`: each maximal invalid sequence becomes one U+FFFD, as std's
/// does (std's own walks `Utf8Chunks`: ~0.7 KB more of wasm).
pub fn from_utf8_lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        let (valid_up_to, error_len) = utf8_error(bytes).unwrap_or((bytes.len(), Some(0)));
        let (valid, rest) = bytes.split_at(valid_up_to);
        out.push_str(str_from_utf8(valid).unwrap_or_default());
        if rest.is_empty() {
            return out;
        }
        out.push(char::REPLACEMENT_CHARACTER);
        match error_len {
            Some(n) => bytes = &rest[n..],
            None => return out,
        }
    }
}

/// `c.is_alphanumeric()`: Unicode's Alphabetic property or a Number. The page builds ask
/// the browser for non-ASCII chars (`crate::host`) instead of shipping std's tables (~1.8 KB).
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    non_ascii_class(c, false)
}

/// `c.is_alphabetic()`, like [`is_alphanumeric`].
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    non_ascii_class(c, true)
}

#[cfg(not(page_host))]
fn non_ascii_class(c: char, alphabetic_only: bool) -> bool {
    if alphabetic_only {
        c.is_alphabetic()
    } else {
        c.is_alphanumeric()
    }
}

#[cfg(page_host)]
fn non_ascii_class(c: char, alphabetic_only: bool) -> bool {
    (crate::host::get().unicode)(c, alphabetic_only)
}

/// Appends the decimal digits of `n`, zero-padded to at least `width` digits (`{n:0width$}`).
pub fn push_uint(out: &mut String, n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let (mut i, mut n) = (buf.len(), n);
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in buf.len() - i..width {
        out.push('0');
    }
    out.push_str(str_from_utf8(&buf[i..]).unwrap_or_default());
}

/// Appends `n` as `{n}` writes it.
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_uint(out, n.unsigned_abs(), 0);
}

/// `n.to_string()`.
pub fn int(n: i64) -> String {
    let mut s = String::new();
    push_int(&mut s, n);
    s
}

/// `s.trim_start_matches(strip)`, `trim_end_matches` or `trim_matches` for a char predicate:
/// one non-generic copy serves every predicate (each generic `trim_matches` call is ~270 bytes).
pub fn trim_start_by(s: &str, strip: fn(char) -> bool) -> &str {
    // A loop over `Chars::next` (already in the wasm): `char_indices().find` keeps its iterator
    // in memory.
    let mut start = 0;
    while let Some(c) = s[start..].chars().next() {
        if !strip(c) {
            break;
        }
        start += c.len_utf8();
    }
    &s[start..]
}

/// `s.trim_end_matches(strip)`, see `trim_start_by`.
pub fn trim_end_by(s: &str, strip: fn(char) -> bool) -> &str {
    let mut end = s.len();
    while let Some((start, c)) = prev_char(s, end) {
        if !strip(c) {
            break;
        }
        end = start;
    }
    &s[..end]
}

/// The char that ends at byte `end` of `s` (a char boundary) and the byte it starts at; `None`
/// at 0. Every backward walk over chars goes through here: std's `next_back` for `Chars` and
/// `CharIndices` are two more decoders in the page's wasm.
pub fn prev_char(s: &str, end: usize) -> Option<(usize, char)> {
    let b = s.as_bytes();
    let mut start = end.checked_sub(1)?;
    while start > 0 && b[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    s[start..].chars().next().map(|c| (start, c))
}

/// `s.trim_matches(strip)`, see `trim_start_by`.
pub fn trim_by(s: &str, strip: fn(char) -> bool) -> &str {
    // One forward pass (no backward decoding): from the first char kept to the end of the last.
    let (mut from, mut to, mut at) = (s.len(), 0, 0);
    for c in s.chars() {
        let next = at + c.len_utf8();
        if !strip(c) {
            from = from.min(at);
            to = next;
        }
        at = next;
    }
    // Nothing kept: the empty end of `s`, as trimming the start and then the end leaves it.
    &s[from..to.max(from)]
}

/// `s.trim()` through [`trim_by`]: std's `trim` is a generic `trim_matches` of its own in the wasm.
pub fn trim(s: &str) -> &str {
    trim_by(s, char::is_whitespace)
}

/// `out` with `bytes` copied in at `at`: how the redactor's compile-time tables pack their words
/// (a `const fn`, so the tables are built by the compiler, not at run time).
pub const fn with_bytes_at<const N: usize>(mut out: [u8; N], at: usize, bytes: &[u8]) -> [u8; N] {
    let mut c = 0;
    while c < bytes.len() {
        out[at + c] = bytes[c];
        c += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_classes_are_std_s() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn numbers_as_fmt_writes_them() {
        for n in [
            0,
            1,
            -1,
            9,
            10,
            99,
            100,
            12_345,
            -987_654,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ] {
            assert_eq!(int(n), n.to_string());
        }
        for (n, w) in [
            (0u64, 0),
            (0, 2),
            (7, 3),
            (123, 2),
            (42, 6),
            (u64::MAX, 4),
            (5, 4),
        ] {
            let mut s = String::new();
            push_uint(&mut s, n, w);
            assert_eq!(s, format!("{n:0w$}"));
        }
    }

    #[test]
    fn utf8_is_std_s() {
        let std = |b: &[u8]| match core::str::from_utf8(b) {
            Ok(_) => None,
            Err(e) => Some((e.valid_up_to(), e.error_len())),
        };
        // Every sequence of up to three bytes, and four-byte ones over the bytes where the
        // table's ranges begin and end, each after a valid prefix too.
        let edges = [
            0x00u8, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ];
        let check = |b: &[u8]| {
            assert_eq!(utf8_error(b), std(b), "{b:?}");
            assert_eq!(str_from_utf8(b), core::str::from_utf8(b).ok(), "{b:?}");
            let mut prefixed = "é".as_bytes().to_vec();
            prefixed.extend_from_slice(b);
            assert_eq!(utf8_error(&prefixed), std(&prefixed), "{prefixed:?}");
        };
        check(b"");
        for x in 0..=255u8 {
            check(&[x]);
            for y in 0..=255u8 {
                check(&[x, y]);
                if x >= 0xC0 {
                    for z in 0..=255u8 {
                        check(&[x, y, z]);
                    }
                }
            }
        }
        for &a in &edges {
            for &b in &edges {
                for &c in &edges {
                    for &d in &edges {
                        check(&[a, b, c, d]);
                        check(&[a, b, c, d, b'x']);
                    }
                }
            }
        }
        assert_eq!(
            string_from_utf8(vec![0xF0, 0x9F, 0x98, 0x80]),
            Ok("😀".to_owned())
        );
        assert_eq!(string_from_utf8(vec![0xC3]), Err(vec![0xC3]));
    }

    #[test]
    fn trims_as_std_does() {
        let preds: [fn(char) -> bool; 3] =
            [char::is_whitespace, |c| c == 'é' || c == '"', |_| true];
        for s in [
            "",
            " ",
            "  a b  ",
            "éé\"xé\"é",
            "\u{3000}x\u{3000}",
            "abc",
            "ééé",
        ] {
            for p in preds {
                assert_eq!(trim(s), s.trim(), "{s:?}");
                assert_eq!(trim_by(s, p), s.trim_matches(p), "{s:?}");
                assert_eq!(trim_start_by(s, p), s.trim_start_matches(p), "{s:?}");
                assert_eq!(trim_end_by(s, p), s.trim_end_matches(p), "{s:?}");
            }
        }
    }

    #[test]
    fn cat_joins_parts() {
        let k = String::from("k");
        let r: &str = "r";
        assert_eq!(cat!("a.", k, ".", r, &k), "a.k.rk");
    }

    #[test]
    fn byte_splits_match_std_s() {
        for s in ["", "a", ".", "a.b", "..a..", "a.b.c", "é.ü.", "x.é"] {
            assert_eq!(split_once_byte(s, b'.'), s.split_once('.'), "{s:?}");
            assert_eq!(rsplit_once_byte(s, b'.'), s.rsplit_once('.'), "{s:?}");
            assert_eq!(first_field(s, b'.'), s.split('.').next().unwrap(), "{s:?}");
            assert_eq!(last_field(s, b'.'), s.rsplit('.').next().unwrap(), "{s:?}");
            assert_eq!(includes(s.as_bytes(), b'.'), s.contains('.'), "{s:?}");
            assert_eq!(is_ascii(s), s.is_ascii(), "{s:?}");
            assert_eq!(
                count_byte(s.as_bytes(), b'.'),
                s.matches('.').count(),
                "{s:?}"
            );
            assert_eq!(
                split_byte(s, b'.').collect::<Vec<_>>(),
                s.split('.').collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn decimal_reads_digits_only() {
        for s in ["0", "7", "00042", "65535", "18446744073709551615"] {
            assert_eq!(decimal(s), s.parse::<u64>().ok(), "{s:?}");
        }
        for s in [
            "",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.0",
            "0x10",
            "١",
            "18446744073709551616",
        ] {
            assert_eq!(decimal(s), None, "{s:?}");
        }
        for b in 0..=255u8 {
            let want = char::from(b).to_digit(16).map(|d| d as u8);
            assert_eq!(hex_digit(b), want, "{b}");
        }
    }

    #[test]
    fn lossy_utf8_is_std_s() {
        let cases: &[&[u8]] = &[
            b"",
            b"plain",
            "gr\u{fc}n \u{1f600}".as_bytes(),
            b"\xff",
            b"a\xffb",
            b"\xc3",
            b"a\xc3",
            b"\xc3(",
            b"\xe2\x82",
            b"\xe2\x82x\xe2\x82\xac",
            b"\xf0\x9f\x98",
            b"\xed\xa0\x80",
            b"\xf4\x90\x80\x80",
            b"\xc0\xaf\x80\x80\xfe\xff",
        ];
        for &b in cases {
            assert_eq!(from_utf8_lossy(b), String::from_utf8_lossy(b), "{b:?}");
        }
        // Every two-byte sequence, after a valid prefix (and 3-byte ones in `utf8_is_std_s`).
        for x in 0..=255u8 {
            for y in 0..=255u8 {
                let b = [b'a', x, y];
                assert_eq!(from_utf8_lossy(&b), String::from_utf8_lossy(&b), "{b:?}");
            }
        }
    }

    #[test]
    fn join_writes_what_std_joins() {
        for parts in [&[][..], &["a"], &["a", "bc"], &["", "x", ""]] {
            for sep in ["", ", ", "."] {
                assert_eq!(join(parts, sep), parts.join(sep), "{parts:?} {sep:?}");
            }
        }
    }
}
