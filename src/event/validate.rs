//! Whether a JSON value fits a property kind. Invariant: pure type and cap checks; a value is
//! never converted (the string `"12.5"` does not fit a number).

use super::schema::Kind;
use crate::json::Value;

/// Largest integer JS represents exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Whether `v` fits `kind` as is. `Lines` is structural and checked by the walker, so it never fits here.
pub fn fits(kind: Kind, v: &Value) -> bool {
    match v {
        // The three code kinds as one call, like the numeric kinds below.
        Value::String(s) => {
            let (min, max, digits) = match kind {
                Kind::Text { max } => return is_text(s, max),
                Kind::Id { max } => return !s.is_empty() && is_text(s, max),
                Kind::Currency => (3, 3, false),
                Kind::Country => (2, 2, false),
                Kind::Province => (1, 3, true),
                _ => return false,
            };
            is_upper_code(s, min, max, digits)
        }
        // The three numeric kinds as one range test (an id number is a non-negative safe integer).
        Value::Number(n) => {
            let (min, max, whole) = match kind {
                Kind::Id { .. } => (0.0, MAX_SAFE_INTEGER, true),
                Kind::Number { min, max } => (min, max, false),
                Kind::Integer { min, max } => (min as f64, max as f64, true),
                _ => return false,
            };
            n.is_finite() && (!whole || n.fract() == 0.0) && (min..=max).contains(n)
        }
        Value::Bool(_) => matches!(kind, Kind::Bool),
        _ => false,
    }
}

/// Two uppercase ASCII letters (ISO-3166-1 alpha-2).
pub fn is_country(s: &str) -> bool {
    is_upper_code(s, 2, 2, false)
}

/// A short subdivision code (`CA`, `ON`, `NSW`, `75`).
pub fn is_province(s: &str) -> bool {
    is_upper_code(s, 1, 3, true)
}

/// At most `max` characters, none of them a control character (NUL, escapes, C1 codes): those
/// carry nothing a shop needs and break downstream tools, so such a value does not fit and is
/// dropped. Also the page title's check (`crate::minimize`), so one copy serves both.
#[inline(never)]
pub fn is_text(s: &str, max: u32) -> bool {
    char_len_at_most(s, max) && !s.chars().any(char::is_control)
}

fn char_len_at_most(s: &str, max: u32) -> bool {
    let max = max as usize;
    s.len() <= max || s.chars().count() <= max
}

fn is_upper_code(s: &str, min: usize, max: usize, digits: bool) -> bool {
    (min..=max).contains(&s.len())
        && s.as_bytes()
            .iter()
            .all(|&b| b.is_ascii_uppercase() || (digits && b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_not_coerced() {
        let price = Kind::Number { min: 0.0, max: 1e9 };
        assert!(fits(price, &Value::Number(12.5)));
        assert!(!fits(price, &Value::String("12.5".into())));
        assert!(!fits(price, &Value::Number(-1.0)));
        assert!(!fits(price, &Value::Number(f64::NAN)));
        assert!(!fits(price, &Value::Number(f64::INFINITY)));
    }

    #[test]
    fn integers_and_ids() {
        let qty = Kind::Integer {
            min: 1,
            max: 10_000,
        };
        assert!(fits(qty, &Value::Number(3.0)));
        assert!(!fits(qty, &Value::Number(2.5)));
        assert!(!fits(qty, &Value::Number(0.0)));
        assert!(!fits(qty, &Value::Number(10_001.0)));
        let id = Kind::Id { max: 4 };
        assert!(fits(id, &Value::String("abcd".into())));
        assert!(!fits(id, &Value::String("abcde".into())));
        assert!(!fits(id, &Value::String(String::new())));
        assert!(fits(id, &Value::Number(7_234_567_890_123.0)));
        assert!(!fits(id, &Value::Number(-1.0)));
        assert!(!fits(id, &Value::Number(1.5)));
    }

    #[test]
    fn text_counts_characters() {
        let t = Kind::Text { max: 3 };
        assert!(fits(t, &Value::String("äöü".into())));
        assert!(!fits(t, &Value::String("äöüß".into())));
        assert!(!fits(t, &Value::Number(1.0)));
    }

    #[test]
    fn codes() {
        assert!(fits(Kind::Currency, &Value::String("EUR".into())));
        assert!(!fits(Kind::Currency, &Value::String("eur".into())));
        assert!(!fits(Kind::Currency, &Value::String("EURO".into())));
        assert!(is_country("DE") && !is_country("DEU") && !is_country("de"));
        assert!(is_province("CA") && is_province("NSW") && is_province("75"));
        assert!(!is_province("") && !is_province("ABCD") && !is_province("on"));
    }
}
