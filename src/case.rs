//! Unicode case mapping for the normalizers (emails, names, cities, countries, URL hosts).
//! Natively, at the edge and in node it is std's `to_lowercase` / `to_uppercase`. The page builds
//! (script tag, ES module) borrow (`crate::host`) the browser's `toLowerCase` / `toUpperCase`
//! instead of shipping std's case tables (about 4 KB brotli): both are Unicode's
//! full, locale-independent mappings with the final-sigma rule, and Meta's own SDK normalizes
//! with the same JS methods. Invariant: ASCII is mapped here, in Rust, on every build.

/// `s.to_lowercase()`.
pub fn lowercase(s: &str) -> String {
    if crate::text::is_ascii(s) {
        return s.to_ascii_lowercase();
    }
    non_ascii(s, false)
}

/// `s.to_uppercase()`.
pub fn uppercase(s: &str) -> String {
    if crate::text::is_ascii(s) {
        return s.to_ascii_uppercase();
    }
    non_ascii(s, true)
}

#[cfg(not(page_host))]
fn non_ascii(s: &str, upper: bool) -> String {
    if upper {
        s.to_uppercase()
    } else {
        s.to_lowercase()
    }
}

#[cfg(page_host)]
fn non_ascii(s: &str, upper: bool) -> String {
    (crate::host::get().case)(s, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_std() {
        for s in [
            "",
            "abc",
            "ABC",
            "Straße",
            "ΣΊΣΥΦΟΣ",
            "İstanbul",
            "\u{212A}elvin",
            "ǅ",
            "ﬃ",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s:?}");
            assert_eq!(uppercase(s), s.to_uppercase(), "{s:?}");
        }
    }
}
