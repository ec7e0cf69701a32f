//! The character classes of the two reference runtimes (JS `trim`/`\s`, Python `strip`/`\s`/`\d`),
//! so each profile treats whitespace and digits exactly as its vendor library does.
//! Invariant: pure predicates and slicing; no allocation, no case mapping.

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
    s.trim_matches(is_js_space)
}

/// Python `s.strip()`.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Length in UTF-16 code units, as JS `length` counts.
pub(crate) fn js_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
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
}
