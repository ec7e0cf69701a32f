//! Shared reading of the wire batch for the destination formats: events, products and page
//! context, plus the small encoders the formats need (ISO-8601, base64, percent-encoding).
//! Invariant: an event without an id, a timestamp or a name is never handed to a format.

use crate::json::Value;

/// One wire event, read without copying.
pub struct Event<'a> {
    pub id: &'a str,
    pub timestamp_ms: f64,
    pub name: &'a str,
    pub properties: &'a Value,
    pub context: &'a Value,
}

static EMPTY: Value = Value::Null;

impl<'a> Event<'a> {
    /// A string property.
    pub fn text(&self, key: &str) -> Option<&'a str> {
        self.properties.get(key).and_then(Value::as_str)
    }

    /// A finite number property.
    pub fn number(&self, key: &str) -> Option<f64> {
        self.properties
            .get(key)
            .and_then(Value::as_f64)
            .filter(|n| n.is_finite())
    }

    /// A page-context string (`url`, `referrer`, `title`).
    pub fn page(&self, key: &str) -> Option<&'a str> {
        self.context
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// The event's products: its `lines[]`, or the event itself when it names one product.
    pub fn products(&self) -> Vec<Product<'a>> {
        if let Some(lines) = self.properties.get("lines").and_then(Value::as_array) {
            return lines.iter().map(Product::read).collect();
        }
        let p = Product::read(self.properties);
        if p.id.is_some() || p.sku.is_some() {
            vec![p]
        } else {
            Vec::new()
        }
    }
}

/// The well-formed events of a batch, in order.
pub fn events(batch: &Value) -> Vec<Event<'_>> {
    let Some(list) = batch.get("events").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|e| {
            Some(Event {
                id: e.get("eventId")?.as_str()?,
                timestamp_ms: e
                    .get("timestamp")?
                    .as_f64()
                    .filter(|t| t.is_finite() && *t >= 0.0)?,
                name: e.get("name")?.as_str().filter(|n| !n.is_empty())?,
                properties: e.get("properties").unwrap_or(&EMPTY),
                context: e.get("context").unwrap_or(&EMPTY),
            })
        })
        .collect()
}

/// A batch-level string member (`visitorId`, `sessionId`, `site`).
pub fn batch_text<'a>(batch: &'a Value, key: &str) -> Option<&'a str> {
    batch
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// One product, from an event's properties or one of its `lines[]`.
#[derive(Debug, Clone, Copy)]
pub struct Product<'a> {
    pub id: Option<&'a str>,
    pub variant: Option<&'a str>,
    pub sku: Option<&'a str>,
    pub name: Option<&'a str>,
    pub brand: Option<&'a str>,
    pub category: Option<&'a str>,
    pub price: Option<f64>,
    pub currency: Option<&'a str>,
    pub quantity: Option<f64>,
}

impl<'a> Product<'a> {
    fn read(v: &'a Value) -> Product<'a> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        let num = |k: &str| v.get(k).and_then(Value::as_f64).filter(|n| n.is_finite());
        Product {
            id: text("product_id"),
            variant: text("variant_id"),
            sku: text("sku"),
            name: text("name"),
            brand: text("brand"),
            category: text("category"),
            price: num("price"),
            currency: text("currency"),
            quantity: num("quantity"),
        }
    }

    /// The identifier vendors key a product by: the product id, else the SKU.
    pub fn key(&self) -> Option<&'a str> {
        self.id.or(self.sku)
    }
}

/// An object builder that leaves out absent members.
#[derive(Default)]
pub struct Obj(pub Vec<(String, Value)>);

impl Obj {
    pub fn new() -> Obj {
        Obj(Vec::new())
    }

    /// Adds `key` unless `value` is `None`.
    pub fn opt<V: Into<Value>>(mut self, key: &str, value: Option<V>) -> Obj {
        if let Some(v) = value {
            self.0.push((key.to_owned(), v.into()));
        }
        self
    }

    /// Adds `key` always.
    pub fn put<V: Into<Value>>(mut self, key: &str, value: V) -> Obj {
        self.0.push((key.to_owned(), value.into()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// Milliseconds since the epoch as JS `Date#toISOString()` text.
pub fn iso8601(ms: f64) -> String {
    crate::consent::iso8601_from_ms(ms.floor() as i64).unwrap_or_default()
}

/// The path and the query (with its `?`) of an absolute URL.
pub fn path_and_search(url: &str) -> (Option<&str>, Option<&str>) {
    let Some(after) = url.split_once("://").map(|(_, r)| r) else {
        return (None, None);
    };
    let no_fragment = after.split('#').next().unwrap_or("");
    let Some(slash) = no_fragment.find(['/', '?']) else {
        return (Some("/"), None);
    };
    let rest = &no_fragment[slash..];
    let (path, search) = match rest.find('?') {
        Some(q) => (&rest[..q], Some(&rest[q..])),
        None => (rest, None),
    };
    let path = if path.is_empty() { "/" } else { path };
    (Some(path), search.filter(|s| s.len() > 1))
}

/// Standard base64 with padding (RFC 4648 §4), for HTTP Basic credentials.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters (for query values).
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Splits `items` into runs of at most `max` items.
pub fn chunks<T>(items: Vec<T>, max: usize) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for item in items {
        run.push(item);
        if run.len() == max {
            out.push(core::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want, "{input}");
        }
    }

    #[test]
    fn splits_paths_and_queries() {
        assert_eq!(
            path_and_search("https://s.example/a/b?x=1#f"),
            (Some("/a/b"), Some("?x=1"))
        );
        assert_eq!(path_and_search("https://s.example"), (Some("/"), None));
        assert_eq!(
            path_and_search("https://s.example?q"),
            (Some("/"), Some("?q"))
        );
        assert_eq!(path_and_search("nope"), (None, None));
    }

    #[test]
    fn percent_encodes_query_values_and_chunks() {
        assert_eq!(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(
            chunks((0..5).collect(), 2),
            vec![vec![0, 1], vec![2, 3], vec![4]]
        );
        assert!(chunks(Vec::<u8>::new(), 3).is_empty());
    }
}
