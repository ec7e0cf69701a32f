//! The character classes of the two reference runtimes (JS `trim`/`\s`, Python `strip`/`\s`/`\d`),
//! so each profile treats whitespace and digits exactly as its vendor library does.
//! Also the allocation-free helpers the hashing fast path builds normalized values with.
//! Invariant: pure predicates and slicing; the helpers allocate only past `INLINE` bytes or, for
//! case mapping, on non-ASCII text.

/// JS `\s` and the set `String.prototype.trim` removes (White_Space less U+0085, plus U+FEFF).
pub(crate) fn is_js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// Python `str.isspace` and `re`'s `\s` (White_Space plus the separators U+001C..U+001F).
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// JS `s.trim()`.
pub(crate) fn js_trim(s: &str) -> &str {
    trim(s, |b| matches!(b, b'\t'..=b'\r' | b' '))
        .unwrap_or_else(|| crate::text::trim_by(s, is_js_space))
}

/// Python `s.strip()`.
pub(crate) fn py_strip(s: &str) -> &str {
    trim(s, |b| matches!(b, b'\t'..=b'\r' | 0x1c..=b' '))
        .unwrap_or_else(|| crate::text::trim_by(s, is_py_space))
}

/// The trim of `s` by a byte loop over the ASCII bytes `space` accepts (the runtime's spaces in
/// ASCII), or `None` when a non-ASCII char is left at an end and the char-wise trim must decide.
fn trim(s: &str, space: impl Fn(u8) -> bool) -> Option<&str> {
    let b = s.as_bytes();
    let (mut i, mut j) = (0, b.len());
    while i < j && space(b[i]) {
        i += 1;
    }
    while j > i && space(b[j - 1]) {
        j -= 1;
    }
    let ends_ascii = i == j || (b[i].is_ascii() && b[j - 1].is_ascii());
    s.get(i..j).filter(|_| ends_ascii)
}

/// Length in UTF-16 code units, as JS `length` counts.
pub(crate) fn js_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Bytes a normalized value may take on the stack; longer values go to the heap.
const INLINE: usize = 256;

/// Calls `f` with `s.to_lowercase()`, lowercased on the stack when `s` is ASCII and fits (ASCII
/// has no special case mappings, so the result is the same).
pub(crate) fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let b = s.as_bytes();
    let mut buf = [0u8; INLINE];
    if b.len() <= INLINE {
        // A plain loop: the size-first wasm build leaves iterator adapters as calls.
        let (mut i, mut high) = (0, 0);
        while i < b.len() {
            high |= b[i];
            buf[i] = b[i].to_ascii_lowercase();
            i += 1;
        }
        if high < 0x80 {
            if let Some(lower) = crate::text::str_from_utf8(&buf[..b.len()]) {
                return f(lower);
            }
        }
    }
    f(&crate::case::lowercase(s))
}

/// A string built from whole chars and strs, on the stack until it outgrows `INLINE` bytes.
pub(crate) struct Buf {
    inline: [u8; INLINE],
    len: usize,
    heap: String,
}

impl Buf {
    pub(crate) const fn new() -> Self {
        Self {
            inline: [0; INLINE],
            len: 0,
            heap: String::new(),
        }
    }

    pub(crate) fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        let end = self.len + s.len();
        match self.inline.get_mut(self.len..end) {
            Some(room) if self.heap.is_empty() => {
                room.copy_from_slice(s.as_bytes());
                self.len = end;
            }
            _ => {
                if self.heap.is_empty() {
                    self.heap.reserve(end);
                    self.heap.push_str(inline_str(&self.inline[..self.len]));
                }
                self.heap.push_str(s);
            }
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        if self.heap.is_empty() {
            inline_str(&self.inline[..self.len])
        } else {
            &self.heap
        }
    }
}

/// Only whole UTF-8 sequences are ever copied into a `Buf`, so its inline bytes are valid UTF-8.
fn inline_str(bytes: &[u8]) -> &str {
    crate::text::str_from_utf8(bytes).unwrap_or_default()
}

impl FromIterator<char> for Buf {
    fn from_iter<I: IntoIterator<Item = char>>(iter: I) -> Self {
        let mut b = Self::new();
        iter.into_iter().for_each(|c| b.push(c));
        b
    }
}

/// Zero of every run of ten Unicode decimal digits (general category Nd), as Python's `\d`
/// matches them (Unicode 14.0, the version of the Python 3.11 oracle). Sorted.
const ND_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a Unicode decimal digit (Python `\d`), or `None`.
pub(crate) fn decimal_value(c: char) -> Option<u8> {
    let c = c as u32;
    let i = ND_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let d = c - ND_ZEROS[i];
    (d < 10).then_some(d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_digits_of_several_scripts() {
        assert_eq!(decimal_value('7'), Some(7));
        assert_eq!(decimal_value('\u{663}'), Some(3));
        assert_eq!(decimal_value('\u{FF19}'), Some(9));
        assert_eq!(decimal_value('\u{1D7FF}'), Some(9));
        assert_eq!(decimal_value('a'), None);
        assert_eq!(decimal_value('\u{B2}'), None); // superscript two is No, not Nd
        assert_eq!(decimal_value('/'), None);
    }

    #[test]
    fn runtimes_disagree_on_nel_bom_and_separators() {
        assert!(is_py_space('\u{85}') && !is_js_space('\u{85}'));
        assert!(is_js_space('\u{feff}') && !is_py_space('\u{feff}'));
        assert!(is_py_space('\u{1f}') && !is_js_space('\u{1f}'));
    }

    #[test]
    fn byte_trims_equal_the_char_trims() {
        let ends = [
            "",
            " ",
            "\t\r\n",
            "\u{1c}",
            "\u{a0}",
            " \u{3000} ",
            "\u{feff}",
            "\u{85}",
            "é",
            "x",
        ];
        for a in ends {
            for b in ends {
                for mid in ["", "Jane Doe", " ", "\u{a0}", "ü"] {
                    let s = format!("{a}{mid}{b}");
                    assert_eq!(js_trim(&s), s.trim_matches(is_js_space), "{s:?}");
                    assert_eq!(py_strip(&s), s.trim_matches(is_py_space), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn lowercase_on_the_stack_equals_to_lowercase() {
        let long = "AbC".repeat(100);
        for s in [
            "",
            "Jane.DOE@Example.COM",
            "\u{130}stanbul",
            "ÉCOLE",
            &long,
            "MIXED ß ẞ Σ",
        ] {
            assert_eq!(with_lowercase(s, str::to_owned), s.to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn buf_spills_to_the_heap_keeping_every_char() {
        let chars: String = "a€b😀".chars().cycle().take(300).collect();
        let b: Buf = chars.chars().collect();
        assert_eq!(b.as_str(), chars);
        let mut b = Buf::new();
        b.push_str("x".repeat(255).as_str());
        b.push('é');
        b.push_str("yz");
        assert_eq!(b.as_str(), format!("{}éyz", "x".repeat(255)));
        assert_eq!(Buf::new().as_str(), "");
    }
}
