//! Substring search by bytes for the minimizer's short inputs (user agents, hosts). `str::find` /
//! `contains` / `split_once` with a `&str` pattern pull core's Two-Way searcher (~1.7 KB of
//! wasm) into the page build; a plain loop over at most a few hundred bytes is as fast here.

/// The byte index of the first `needle` in `hay` at or after `from`, ASCII letters matched in
/// either case. Every needle here is lower-case (or has no letters), so this is
/// `hay.to_ascii_lowercase()`'s search, without the lower-cased copy of a user agent.
pub(crate) fn find_from(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.len() > h.len() {
        return None;
    }
    let mut i = from;
    while i + n.len() <= h.len() {
        if h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `hay.find(needle)` (ASCII letters in either case; see [`find_from`]).
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    find_from(hay, needle, 0)
}

/// `hay.contains(needle)` (ASCII letters in either case; see [`find_from`]).
pub(crate) fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// Whether `hay` starts with `prefix` (ASCII letters in either case).
pub(crate) fn starts_with(hay: &str, prefix: &str) -> bool {
    let n = prefix.len();
    hay.len() >= n && hay.as_bytes()[..n].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_str_find() {
        let hays = [
            "",
            "a",
            "abc",
            "abcabc",
            "aab",
            "mozilla/5.0 android mobi",
            "é://x",
        ];
        let needles = [
            "", "a", "b", "c", "ab", "bc", "abc", "abcd", "://", "mobi", "é",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(find(h, n), h.find(n), "{h:?} {n:?}");
                assert_eq!(contains(h, n), h.contains(n));
                for from in 0..=h.len() {
                    let want = h.get(from..).and_then(|t| t.find(n)).map(|i| i + from);
                    if h.is_char_boundary(from) {
                        assert_eq!(find_from(h, n, from), want, "{h:?} {n:?} {from}");
                    }
                }
            }
        }
    }

    #[test]
    fn matches_letters_in_either_case() {
        assert_eq!(find("Mozilla ANDROID Mobi", "android"), Some(8));
        assert_eq!(find_from("iPhone; iPad", "ipad", 1), Some(8));
        assert_eq!(find("CURL/8", "curl/"), Some(0));
        assert_eq!(find("é://x", "://"), Some(2));
        assert!(starts_with("HTTPS://x", "https://") && starts_with("http://", "http://"));
        assert!(!starts_with("http:/", "http://") && !starts_with("é", "h"));
    }
}
