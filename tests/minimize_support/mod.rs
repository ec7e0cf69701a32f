//! Shared helpers for the minimizer tests: a deterministic PRNG, the corpora, encodings, and a walk
//! over every string in a JSON value.
#![allow(dead_code)]

use tracksafe::consent::Purposes;
use tracksafe::event::Schemas;
use tracksafe::json::Value;
use tracksafe::minimize::{minimize_event, MinimizeOptions, Minimized, UrlOptions};

pub const ALL: Purposes = Purposes {
    analytics: true,
    marketing: true,
    preferences: true,
    sale_of_data: true,
};

/// xorshift64*: tiny, deterministic, good enough to drive generators.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `base`, or `base` mixed with `TRACKSAFE_SEED` when set (to explore beyond the fixed seeds).
pub fn seed(base: u64) -> u64 {
    std::env::var("TRACKSAFE_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(base, |s| s ^ base.rotate_left(17))
}

/// Rounds per property test: 4000, or `TRACKSAFE_ROUNDS`.
pub fn rounds() -> u64 {
    std::env::var("TRACKSAFE_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4000)
}

/// Non-comment, non-empty lines of a corpus file.
pub fn corpus(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

pub const PII: &str = include_str!("../corpus/pii.txt");
pub const CLEAN: &str = include_str!("../corpus/clean.txt");

/// `(kind, value)` pairs from `pii.txt`.
pub fn pii() -> Vec<(&'static str, &'static str)> {
    corpus(PII)
        .into_iter()
        .filter_map(|l| l.split_once('\t'))
        .collect()
}

/// `%XX` for every byte outside `keep`.
pub fn percent(s: &str, keep: fn(u8) -> bool) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// URL-component encoding (RFC 3986 unreserved kept).
pub fn url_encode(s: &str) -> String {
    percent(s, |b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Form encoding: spaces as `+`, everything else reserved as `%XX`.
pub fn form_encode(s: &str) -> String {
    url_encode(s).replace("%20", "+")
}

/// Every byte as `%XX`.
pub fn full_encode(s: &str) -> String {
    percent(s, |_| false)
}

/// Decodes `%XX` (and `+` as space when `form`), lossily.
pub fn decode(s: &str, form: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if form && b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every string in a JSON value, keys included.
pub fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k);
                strings(x, out);
            }
        }
        _ => {}
    }
}

pub fn minimize(event: &Value, schemas: &Schemas, consent: Purposes) -> Minimized {
    let url = UrlOptions::default();
    minimize_event(
        event,
        &MinimizeOptions {
            consent,
            schemas,
            url: &url,
        },
    )
}

/// A schema set with one custom event, so custom schemas are exercised too.
pub fn schemas() -> Schemas {
    let custom = Value::parse(
        r#"{"wishlist_added":{"purposes":["analytics"],"properties":{"product_id":{"type":"string","maxLength":64},"count":{"type":"integer","min":0,"max":100},"note":{"type":"string","maxLength":120},"gift":{"type":"boolean"}}}}"#,
    )
    .expect("custom schema JSON");
    Schemas::with_custom(&custom).expect("custom schema")
}
