//! Options objects for the tracker and the collector, parsed strictly from JSON: an unknown key,
//! a wrong type or an out-of-range value is an `INVALID_OPTIONS` error, never a silent default.

use crate::error::{Error, Result};
use crate::json::Value;
use crate::text::{cat, push_int};

/// What an absent or `null` options object reads as.
static EMPTY: Value = Value::Object(Vec::new());

/// Reads typed members out of one options object and refuses keys nobody asked for.
pub struct OptionReader<'a> {
    what: &'a str,
    members: &'a [(String, Value)],
    known: &'static [&'static str],
    /// What a refusal is: `InvalidOptions` for options, `InvalidArgument` for a call's argument.
    error: fn(String) -> Error,
}

impl<'a> OptionReader<'a> {
    /// Starts reading `value` (which must be an object, or null/absent for "all defaults").
    pub fn new(
        what: &'a str,
        value: Option<&'a Value>,
        known: &'static [&'static str],
    ) -> Result<Self> {
        let value = value.filter(|v| !v.is_null()).unwrap_or(&EMPTY);
        Self::read(what, value, known, Error::InvalidOptions, "unknown option ")
    }

    /// Starts reading a call's argument object (the consent signals): `null` is refused too,
    /// and every refusal is `InvalidArgument`.
    pub fn argument(
        what: &'a str,
        value: &'a Value,
        known: &'static [&'static str],
    ) -> Result<Self> {
        Self::read(what, value, known, Error::InvalidArgument, "unknown key ")
    }

    fn read(
        what: &'a str,
        value: &'a Value,
        known: &'static [&'static str],
        error: fn(String) -> Error,
        unknown: &str,
    ) -> Result<Self> {
        let Value::Object(members) = value else {
            return Err(error(cat!(what, " must be an object")));
        };
        if let Some((k, _)) = members.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            return Err(error(cat!(
                unknown,
                what,
                ".",
                k,
                " (known: ",
                crate::text::join(known, ", "),
                ")"
            )));
        }
        Ok(OptionReader {
            what,
            members,
            known,
            error,
        })
    }

    /// The raw member, when present and not null.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        debug_assert!(self.known.contains(&key));
        self.members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// The refusal `"<what>.<key> must be <expected>"`.
    pub fn bad(&self, key: &str, expected: &str) -> Error {
        (self.error)(cat!(self.what, ".", key, " must be ", expected))
    }

    pub fn string(&self, key: &str) -> Result<Option<&'a str>> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.bad(key, "a string")),
        }
    }

    pub fn bool(&self, key: &str, default: bool) -> Result<bool> {
        // Its own match, not `flag` and an unwrap (the `Result` moved from one shape to another).
        match self.raw(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.bad(key, "a boolean")),
        }
    }

    /// A boolean, `None` when absent or null.
    pub fn flag(&self, key: &str) -> Result<Option<bool>> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(self.bad(key, "a boolean")),
        }
    }

    /// A string, owned; `None` when absent or null.
    pub fn owned(&self, key: &str) -> Result<Option<String>> {
        Ok(self.string(key)?.map(str::to_owned))
    }

    /// An integer within `min..=max`.
    pub fn int(&self, key: &str, min: u32, max: u32, default: u32) -> Result<u32> {
        match self.raw(key) {
            None => Ok(default),
            Some(Value::Number(n))
                if n.fract() == 0.0 && *n >= f64::from(min) && *n <= f64::from(max) =>
            {
                Ok(*n as u32)
            }
            Some(_) => {
                // Written in place (no string per number, no join).
                let mut expected = String::from("an integer from ");
                push_int(&mut expected, i64::from(min));
                expected.push_str(" to ");
                push_int(&mut expected, i64::from(max));
                Err(self.bad(key, &expected))
            }
        }
    }

    /// A finite number of at most `1e15` in magnitude (an integral one when `whole`).
    pub fn number(&self, key: &str, whole: bool, default: f64) -> Result<f64> {
        match self.raw(key) {
            None => Ok(default),
            Some(Value::Number(n)) if n.abs() <= 1e15 && (!whole || n.fract() == 0.0) => Ok(*n),
            Some(_) if whole => Err(self.bad(key, "an integer of at most 1e15 in magnitude")),
            Some(_) => Err(self.bad(key, "a number of at most 1e15 in magnitude")),
        }
    }

    /// An array of strings.
    pub fn strings(&self, key: &str) -> Result<Option<Vec<String>>> {
        match self.raw(key) {
            None => Ok(None),
            // A loop, not a `collect::<Result<_>>()` (its adapter costs the page's wasm more).
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for v in items {
                    match v.as_str() {
                        Some(s) => out.push(s.to_owned()),
                        None => return Err(self.bad(key, "an array of strings")),
                    }
                }
                Ok(Some(out))
            }
            Some(_) => Err(self.bad(key, "an array of strings")),
        }
    }
}

/// Why a build without `extended` (the script tag's smaller lean wasm; see Cargo.toml) refuses
/// `what`, an option or a signal, e.g. `options.customEvents`. The runtime loads the extended
/// build for a page that needs it, so only a page served the wrong file sees this.
#[cfg(not(feature = "extended"))]
pub fn not_in_this_build(what: &str) -> String {
    cat!(
        what,
        " needs the extended build (tracksafe_extended_bg.wasm); this one leaves it out"
    )
}

/// Whether `s` is a shop's site name: 1–64 ASCII letters, digits, `-`, `_` or `.` — a label,
/// never free text, so nothing personal can ride along in it.
pub fn is_site_name(s: &str) -> bool {
    matches!(s.len(), 1..=64)
        && s.as_bytes()
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && crate::minimize::is_clean(s)
}

/// Checks that an endpoint is `https:`, or plain `http:` only on the loopback host (so the demo works).
pub fn check_endpoint(url: &str) -> Result<()> {
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        return if host_of(rest).is_empty() {
            Err(Error::InsecureEndpoint)
        } else {
            Ok(())
        };
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        let host = host_of(rest);
        if matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
            return Ok(());
        }
    }
    Err(Error::InsecureEndpoint)
}

/// The host (without port) of the part of a URL after `scheme://`.
fn host_of(rest: &str) -> &str {
    let end = rest
        .as_bytes()
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#'));
    let authority = &rest[..end.unwrap_or(rest.len())];
    let authority = crate::text::last_field(authority, b'@');
    if authority.starts_with("[") {
        let end = authority.as_bytes().iter().position(|&b| b == b']');
        return &authority[..end.map_or(authority.len(), |i| i + 1)];
    }
    crate::text::first_field(authority, b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_unknown_keys_with_the_known_list() {
        let v = Value::parse(r#"{"endpoint":"x","respectGPC":true}"#).unwrap();
        let err = OptionReader::new("options", Some(&v), &["endpoint", "respectGpc"])
            .err()
            .unwrap();
        assert_eq!(err.code(), "INVALID_OPTIONS");
        assert!(err.to_string().contains("options.respectGPC"), "{err}");
    }

    #[test]
    fn reads_typed_values_and_refuses_wrong_types() {
        let v = Value::parse(r#"{"a":"s","b":true,"c":7,"d":["x"],"e":null}"#).unwrap();
        let r = OptionReader::new("o", Some(&v), &["a", "b", "c", "d", "e"]).unwrap();
        assert_eq!(r.string("a").unwrap(), Some("s"));
        assert!(r.bool("b", false).unwrap());
        assert_eq!(r.int("c", 1, 10, 3).unwrap(), 7);
        assert_eq!(r.int("e", 1, 10, 3).unwrap(), 3);
        assert_eq!(r.strings("d").unwrap(), Some(vec!["x".to_owned()]));
        assert!(r.int("c", 8, 10, 9).is_err());
        let err = r.int("c", 8, 10, 9).unwrap_err().to_string();
        assert!(
            err.ends_with("o.c must be an integer from 8 to 10"),
            "{err}"
        );
        assert!(r.string("b").is_err());
        assert!(OptionReader::new("o", Some(&Value::Bool(true)), &[]).is_err());
    }

    #[test]
    fn site_names_are_labels_not_text() {
        for ok in ["demo-shop", "shop_1.eu", "A"] {
            assert!(is_site_name(ok), "{ok}");
        }
        for bad in [
            "",
            "jane.doe@example.com",
            "203.0.113.7",
            "my shop",
            "ü",
            &"x".repeat(65),
        ] {
            assert!(!is_site_name(bad), "{bad}");
        }
    }

    #[test]
    fn endpoints_must_be_https_except_loopback() {
        for ok in [
            "https://shop.example/collect",
            "http://127.0.0.1:8787/collect",
            "http://localhost/c",
        ] {
            assert_eq!(check_endpoint(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://shop.example/collect",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "ftp://localhost/",
            "https://",
            "/collect",
        ] {
            assert_eq!(check_endpoint(bad), Err(Error::InsecureEndpoint), "{bad}");
        }
    }
}
