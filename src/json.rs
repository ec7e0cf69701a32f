//! A small, bounded JSON reader and writer: the one wire format between the page, the edge and
//! the upstream. Hostile input gets an error, never a panic: depth, duplicate keys, lone
//! surrogates and integers beyond 2^53 are refused.

// Floats are read and written with core's `dec2flt`/`flt2dec`, except in the page builds, which
// borrow the browser's `Number` and `toExponential` (`crate::host`) instead of shipping them
// (about 20 KB of brotli'd wasm). Both give the nearest float and the shortest digits that read
// back, so every build writes the same text for the same number.

use crate::error::{Error, Result};

/// Deepest nesting accepted; events are shallow (batch → events → properties → lines → line).
pub const MAX_DEPTH: usize = 16;
/// Largest integer JS can represent exactly; larger integers would silently change value.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A parsed JSON value. Objects keep their key order and never hold a key twice.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Parses a complete JSON text.
    pub fn parse(text: &str) -> Result<Value> {
        let mut p = Parser {
            s: text.as_bytes(),
            text,
            i: 0,
            err: None,
        };
        let v = p.value(0);
        p.ws();
        if p.i != p.s.len() {
            p.stop("trailing characters after the value");
        }
        match p.err {
            None => Ok(v),
            Some(why) => Err(Error::InvalidJson(why)),
        }
    }

    /// The member `key` of an object, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    // `as_str` and `as_array` are always inlined: callers pass them to `Option::and_then`, whose
    // two copies then share one body (and the out-of-line `as_str`/`as_array` go): ~140 B of wasm.
    #[inline(always)]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    #[inline(always)]
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Serializes to compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    /// Appends compact JSON text to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => write_number(*n, out),
            Value::String(s) => write_string(s, out),
            Value::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(m) => write_object(m, out),
        }
    }
}

/// Appends an object's members as compact JSON text (what `Value::Object(m).write` writes).
pub fn write_object(m: &[(String, Value)], out: &mut String) {
    out.push('{');
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(k, out);
        out.push(':');
        v.write(out);
    }
    out.push('}');
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(n.into())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}

/// Builds an object value from `(key, value)` pairs, in order.
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(members(pairs))
}

/// An object's members from `(key, value)` pairs, in order (to push more to before wrapping).
pub fn members<const N: usize>(pairs: [(&str, Value); N]) -> Vec<(String, Value)> {
    // The generic part only boxes the array: one copy of the loop serves every `N`.
    members_from(Vec::from(pairs))
}

fn members_from(pairs: Vec<(&str, Value)>) -> Vec<(String, Value)> {
    let mut members = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        push_member(&mut members, k, v);
    }
    members
}

/// Appends `key: value` to an object's members. Out of line on purpose: the page's size-first
/// build otherwise repeats the key's copy and the push at each of its ~30 callers.
#[inline(never)]
pub fn push_member(members: &mut Vec<(String, Value)>, key: &str, value: Value) {
    members.push((key.to_owned(), value));
}

/// Writes one JSON object straight into text, member by member, for answers that are written once
/// and never read back (the page engine's): no `Value` tree, no owned key per member. Keys are the
/// caller's own identifiers and are written as they are (they need no escaping).
pub struct ObjectWriter(String);

impl ObjectWriter {
    pub fn new() -> ObjectWriter {
        ObjectWriter(String::from("{"))
    }

    /// `,"key":` (the comma after the first member); out of line so each member costs a call.
    #[inline(never)]
    fn key(&mut self, key: &str) -> &mut String {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push('"');
        self.0.push_str(key);
        self.0.push_str("\":");
        &mut self.0
    }

    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        write_string(value, self.key(key));
        self
    }

    /// A string member, or `null` for `None`.
    pub fn string_or_null(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.string(key, v),
            None => self.raw(key, "null"),
        }
    }

    pub fn number(&mut self, key: &str, value: f64) -> &mut Self {
        write_number(value, self.key(key));
        self
    }

    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    /// A member whose value is JSON text already.
    #[inline(never)]
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key).push_str(json);
        self
    }

    /// A member whose value is a `Value`.
    pub fn value(&mut self, key: &str, value: &Value) -> &mut Self {
        value.write(self.key(key));
        self
    }

    /// An array of strings.
    pub fn strings(&mut self, key: &str, items: &[&str]) -> &mut Self {
        self.list(key, items, true)
    }

    /// An array of values that are JSON text already.
    pub fn raws(&mut self, key: &str, items: &[&str]) -> &mut Self {
        self.list(key, items, false)
    }

    /// An array of `items`, each written as a string (`quote`) or as it is.
    #[inline(never)]
    fn list(&mut self, key: &str, items: &[&str], quote: bool) -> &mut Self {
        let out = self.key(key);
        out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if quote {
                write_string(item, out);
            } else {
                out.push_str(item);
            }
        }
        out.push(']');
        self
    }

    /// The object's text.
    pub fn finish(&mut self) -> String {
        let mut out = core::mem::take(&mut self.0);
        out.push('}');
        out
    }
}

impl Default for ObjectWriter {
    fn default() -> Self {
        Self::new()
    }
}

/// An array of numbers, e.g. an id set.
pub fn numbers<I: IntoIterator<Item = u32>>(ids: I) -> Value {
    Value::Array(ids.into_iter().map(Value::from).collect())
}

/// Integers as integers; other numbers in the shortest form that reads back exactly, as Rust's
/// `{}` prints it, or `{:e}` for big integral values and tiny ones.
fn write_number(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
        crate::text::push_int(out, n as i64);
        return;
    }
    #[cfg(not(page_host))]
    {
        use core::fmt::Write;
        if n.fract() == 0.0 || n.abs() < 1e-6 {
            let _ = write!(out, "{n:e}");
        } else {
            let _ = write!(out, "{n}");
        }
    }
    #[cfg(page_host)]
    {
        let text = (crate::host::get().exponential)(n.abs());
        let (mantissa, e) = from_exponential(&text);
        write_float(n, mantissa, e, out);
    }
}

/// A finite number that is not a safe integer, from the mantissa `d1.d2…` of its shortest digits
/// and exponent `e` (`n ≈ d1.d2… × 10^e`), as Rust's `{}` (or `{:e}` for big integral values and
/// tiny ones) prints it.
#[cfg_attr(not(page_host), allow(dead_code))]
fn write_float(n: f64, mantissa: &str, e: i64, out: &mut String) {
    if n < 0.0 {
        out.push('-');
    }
    if n.fract() == 0.0 || n.abs() < 1e-6 {
        // Exponent form: a big integral value written out in full would read back as an
        // integer beyond 2^53 (refused), and tiny values would be hundreds of digits long.
        out.push_str(mantissa);
        out.push('e');
        crate::text::push_int(out, e);
        return;
    }
    // The digits with the point moved `e` places: `0.00ddd` or, as the number is not integral,
    // `dd.ddd` with digits on both sides.
    let mut point = e + 1;
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..-point {
            out.push('0');
        }
        point = -1; // no point among the digits
    }
    for &d in mantissa.as_bytes() {
        if d != b'.' {
            if point == 0 {
                out.push('.');
            }
            point -= 1;
            out.push(char::from(d));
        }
    }
}

/// The mantissa and exponent of a number written as `d.ddde±x` (JS's `toExponential()`, Rust's
/// `{:e}`): `("1.5e-7")` → `("1.5", -7)`.
#[cfg_attr(not(page_host), allow(dead_code))]
fn from_exponential(text: &str) -> (&str, i64) {
    let (mantissa, exp) = crate::text::split_once_byte(text, b'e').unwrap_or((text, ""));
    // The exponent's digits, after an optional sign (at most 324).
    let mut e = 0;
    for &b in exp.as_bytes() {
        if b.is_ascii_digit() {
            e = e * 10 + i32::from(b - b'0');
        }
    }
    (
        mantissa,
        i64::from(if exp.starts_with('-') { -e } else { e }),
    )
}

/// `s` as a JSON string literal: how error messages quote a caller's key (`{k:?}` would pull
/// `Debug`'s escaping and Unicode tables into the page build for the same reading).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(s, &mut out);
    out
}

/// Writes `s` as a JSON string literal, escaping what JSON requires.
pub fn write_string(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('"');
    // Copy runs that need no escape in one go: most text has none, and a char-by-char push
    // dominated serializing the queue in the browser.
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // U+2028/U+2029 are E2 80 A8/A9 in UTF-8; only those two of the E2 lead bytes are escaped.
        let line_sep = b == 0xE2
            && bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9));
        if b >= 0x20 && b != b'"' && b != b'\\' && !line_sep {
            i += 1;
            continue;
        }
        out.push_str(&s[run..i]);
        let width = if line_sep { 3 } else { 1 };
        // A backslash, then the escape's letter, or `u` and four hex digits.
        let short = match b {
            b'"' | b'\\' => b,
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => b'u',
        };
        out.push('\\');
        out.push(char::from(short));
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let v = if line_sep {
                0x2028 + u32::from(bytes[i + 2] - 0xA8)
            } else {
                u32::from(b)
            };
            for &shift in &[12, 8, 4, 0] {
                out.push(HEX[((v >> shift) & 0xf) as usize] as char);
            }
        }
        i += width;
        run = i;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Reads JSON text. A refusal is kept, not returned: the first one is the answer, and reading
/// jumps to the end so every loop stops and what comes back is dropped (no `Result` to pass up
/// at each level: the smaller wasm).
struct Parser<'a> {
    s: &'a [u8],
    /// `s` as text: runs that start and end at ASCII bytes are sliced from it (no UTF-8 check).
    text: &'a str,
    i: usize,
    err: Option<&'static str>,
}

impl Parser<'_> {
    /// Keeps the first refusal and stops reading.
    #[inline(never)]
    fn stop(&mut self, why: &'static str) {
        self.err.get_or_insert(why);
        self.i = self.s.len();
    }

    /// `stop`, with a `Null` standing in for the value refused.
    fn fail(&mut self, why: &'static str) -> Value {
        self.stop(why);
        Value::Null
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.s[self.i..].starts_with(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.ws();
        match self.s.get(self.i) {
            None => self.fail("unexpected end of input"),
            Some(b'n') if self.eat(b"null") => Value::Null,
            Some(b't') if self.eat(b"true") => Value::Bool(true),
            Some(b'f') if self.eat(b"false") => Value::Bool(false),
            Some(b'"') => Value::String(self.string()),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => self.fail("unexpected character"),
        }
    }

    fn array(&mut self, depth: usize) -> Value {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b"]") {
            return Value::Array(items);
        }
        loop {
            items.push(self.value(depth + 1));
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if !self.eat(b"]") {
                self.stop("expected ',' or ']' in an array");
            }
            return Value::Array(items);
        }
    }

    fn object(&mut self, depth: usize) -> Value {
        self.i += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        self.ws();
        if self.eat(b"}") {
            return Value::Object(members);
        }
        loop {
            self.ws();
            if self.i >= self.s.len() || self.s[self.i] != b'"' {
                return self.fail("expected a string key");
            }
            let key = self.string();
            if members.iter().any(|(k, _)| *k == key) {
                return self.fail("duplicate key in an object");
            }
            self.ws();
            if !self.eat(b":") {
                return self.fail("expected ':' after a key");
            }
            let v = self.value(depth + 1);
            members.push((key, v));
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if !self.eat(b"}") {
                self.stop("expected ',' or '}' in an object");
            }
            return Value::Object(members);
        }
    }

    fn number(&mut self) -> Value {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while let Some(b'0'..=b'9') = p.s.get(p.i) {
                p.i += 1;
            }
            p.i - s
        };
        self.eat(b"-");
        let int_start = self.i;
        let n = digits(self);
        // Read on past a malformed part: one refusal below for all of them.
        let mut ok = n == 1 || (n > 1 && self.s[int_start] != b'0');
        let mut integral = true;
        if self.eat(b".") {
            integral = false;
            ok &= digits(self) > 0;
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            integral = false;
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            ok &= digits(self) > 0;
        }
        if !ok {
            return self.fail("malformed number");
        }
        let text = &self.text[start..self.i];
        #[cfg(page_host)]
        let n = (crate::host::get().number)(text);
        #[cfg(not(page_host))]
        let Ok(n) = text.parse::<f64>() else {
            return self.fail("malformed number");
        };
        if !n.is_finite() || (integral && n.abs() > MAX_SAFE_INTEGER) {
            return self.fail("number outside the safe range");
        }
        Value::Number(n)
    }

    /// Four hex digits; 0 after a refusal.
    fn hex4(&mut self) -> u32 {
        if self.s.len() - self.i < 4 {
            self.stop("truncated \\u escape");
            return 0;
        }
        let mut v = 0u32;
        for _ in 0..4 {
            let Some(d) = crate::text::hex_digit(self.s[self.i]) else {
                self.stop("bad \\u escape");
                return 0;
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        v
    }

    fn string(&mut self) -> String {
        self.i += 1; // opening quote
        let mut out = String::new();
        let why = loop {
            let run_start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // Runs stop only at ASCII bytes (or the end), so they are whole chars.
            out.push_str(&self.text[run_start..self.i]);
            match self.s.get(self.i) {
                None => break "unterminated string",
                Some(b'"') => {
                    self.i += 1;
                    return out;
                }
                Some(b'\\') => {
                    self.i += 1;
                    let Some(&esc) = self.s.get(self.i) else {
                        break "unterminated string";
                    };
                    self.i += 1;
                    // One push for every escape (the size-first build inlines each `push`).
                    let code = match esc {
                        b'"' | b'\\' | b'/' => u32::from(esc),
                        b'b' => 0x8,
                        b'f' => 0xc,
                        b'n' => u32::from(b'\n'),
                        b'r' => u32::from(b'\r'),
                        b't' => u32::from(b'\t'),
                        b'u' => {
                            let hi = self.hex4();
                            if (0xD800..0xE000).contains(&hi) {
                                // A surrogate: a high one, then `\u` and a low one, or refused.
                                let lo = if hi < 0xDC00 && self.eat(b"\\u") {
                                    self.hex4()
                                } else {
                                    0
                                };
                                if !(0xDC00..0xE000).contains(&lo) {
                                    break "lone surrogate";
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            }
                        }
                        _ => break "unknown escape",
                    };
                    // Never the default: surrogates are refused above.
                    out.push(char::from_u32(code).unwrap_or_default());
                }
                Some(_) => break "control character in a string",
            }
        };
        self.stop(why);
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn object_writer_writes_what_the_value_tree_writes() {
        let written = ObjectWriter::new()
            .string("s", "a \"quoted\"\nline")
            .string_or_null("none", None)
            .string_or_null("some", Some("x"))
            .number("n", 1.5)
            .number("i", 42.0)
            .bool("t", true)
            .bool("f", false)
            .strings("list", &["a", "b\\"])
            .strings("empty", &[])
            .value("v", &object([("k", 1.0.into())]))
            .raw("r", "[1]")
            .finish();
        let tree = object([
            ("s", "a \"quoted\"\nline".into()),
            ("none", Value::Null),
            ("some", "x".into()),
            ("n", 1.5.into()),
            ("i", 42.0.into()),
            ("t", true.into()),
            ("f", false.into()),
            ("list", Value::Array(vec!["a".into(), "b\\".into()])),
            ("empty", Value::Array(vec![])),
            ("v", object([("k", 1.0.into())])),
            ("r", Value::Array(vec![1.0.into()])),
        ]);
        assert_eq!(written, tree.to_json());
        assert_eq!(Value::parse(&written).unwrap(), tree);
        assert_eq!(ObjectWriter::new().finish(), "{}");
    }

    /// Rust's `{}` and `{:e}`: what every build writes.
    fn write_number_with_std_fmt(n: f64) -> String {
        if !n.is_finite() {
            "null".into()
        } else if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER {
            format!("{}", n as i64)
        } else if n.fract() == 0.0 || n.abs() < 1e-6 {
            format!("{n:e}")
        } else {
            format!("{n}")
        }
    }

    #[test]
    fn numbers_are_written_as_std_fmt_writes_them() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let check = |n: f64| {
            let mut out = String::new();
            write_number(n, &mut out);
            let want = write_number_with_std_fmt(n);
            assert_eq!(out, want, "{n:?}");
            // The page builds take the shortest digits from the browser's `toExponential()`
            // (`1.5e-7`, `1.23456e+2`; std's `{:e}` has the same digits, without the `+`) and
            // write the number from them: the same text.
            if n.is_finite() && !(n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER) {
                let std_form = format!("{:e}", n.abs());
                let js_form = if std_form.contains("e-") {
                    std_form.clone()
                } else {
                    std_form.replace('e', "e+")
                };
                for form in [std_form, js_form] {
                    let (digits, e) = from_exponential(&form);
                    let mut page = String::new();
                    write_float(n, digits, e, &mut page);
                    assert_eq!(page, want, "{n:?} from {form}");
                }
            }
        };
        for n in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1e-6,
            9.99e-7,
            1e-7,
            19.99,
            -19.99,
            0.1 + 0.2,
            1e21,
            1e300,
            -1e300,
            9_007_199_254_740_992.0,
            9_007_199_254_740_994.0,
            4_503_599_627_370_495.5,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            123_456.789,
            0.000_123,
            1.5e-5,
            f64::NAN,
        ] {
            check(n);
        }
        for i in 0..30_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            check(match i % 4 {
                0 => f64::from_bits(x),
                1 => (x % 100_000_000) as f64 / 100.0 - 500_000.0,
                2 => (x % 1_000_000) as f64 * 10f64.powi((x >> 50) as i32 % 30 - 20),
                _ => f64::from(x as u32) / f64::from((x >> 32) as u32 | 1),
            });
        }
    }

    use super::*;

    #[test]
    fn round_trips_compact_json() {
        let text = r#"{"a":[1,-2.5,true,false,null],"b":{"c":"x\"y\\z\n\u0001"},"d":1e-7}"#;
        let v = Value::parse(text).unwrap();
        assert_eq!(Value::parse(&v.to_json()).unwrap(), v);
        assert_eq!(
            v.get("a").unwrap().as_array().unwrap()[1].as_f64(),
            Some(-2.5)
        );
        assert_eq!(
            v.get("b").unwrap().get("c").unwrap().as_str(),
            Some("x\"y\\z\n\u{1}")
        );
    }

    #[test]
    fn decodes_surrogate_pairs_and_refuses_lone_ones() {
        assert_eq!(
            Value::parse(r#""\ud83d\ude00""#).unwrap().as_str(),
            Some("😀")
        );
        for bad in [r#""\ud83d""#, r#""\ude00x""#, r#""\ud83d\u0041""#] {
            assert_eq!(
                Value::parse(bad),
                Err(Error::InvalidJson("lone surrogate")),
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_hostile_shapes() {
        let deep = "[".repeat(100) + &"]".repeat(100);
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,\"a\":2}",
            "01",
            "1.",
            "NaN",
            "Infinity",
            "9007199254740993",
            "1e400",
            "\"a\u{1}\"",
            "{} x",
            deep.as_str(),
        ] {
            assert!(Value::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn writes_integers_without_fraction_and_escapes_controls() {
        let v = object([
            ("n", 3.0.into()),
            ("f", 0.5.into()),
            ("s", "\u{2028}\u{7}".into()),
        ]);
        assert_eq!(v.to_json(), r#"{"n":3,"f":0.5,"s":"\u2028\u0007"}"#);
        assert_eq!(Value::Number(f64::NAN).to_json(), "null");
    }

    #[test]
    fn string_runs_are_copied_and_only_the_escapes_rewritten() {
        // The char-by-char definition the run-copying writer must match.
        fn reference(s: &str) -> String {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                        out.push_str(&format!("\\u{:04x}", c as u32));
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "\u{0}\u{1f}\n\r\t end",
            "ü€𝄞 \u{2027}\u{2028}\u{2029}\u{202a} \u{e000}",
            "\u{2029}",
            "tail\u{2028}",
            "\u{7f}\u{80}\u{9f}",
        ] {
            let mut out = String::new();
            write_string(s, &mut out);
            assert_eq!(out, reference(s), "{s:?}");
            assert_eq!(Value::parse(&out).unwrap(), Value::String(s.into()));
        }
    }
}
