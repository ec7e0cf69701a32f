//! Property tests driven by a deterministic PRNG: minimizing is idempotent, output keys are a
//! subset of the schema, no output string matches a PII detector, redaction and URL scrubbing are
//! idempotent, and random or mutated inputs never panic.

mod minimize_support;

use minimize_support::*;
use tracksafe::event::{Kind, Schemas, PRODUCT_FIELDS};
use tracksafe::json::Value;
use tracksafe::minimize::ua::{BROWSERS, CLASSES};
use tracksafe::minimize::{coarsen_user_agent, origin, redact_text, scrub_url, UrlOptions};

const NAMES: [&str; 13] = [
    "page_viewed",
    "product_viewed",
    "product_added_to_cart",
    "product_removed_from_cart",
    "item_clicked",
    "collection_viewed",
    "search_submitted",
    "cart_viewed",
    "checkout_started",
    "checkout_completed",
    "wishlist_added",
    "made_up",
    "",
];
const KEYS: [&str; 30] = [
    "product_id",
    "variant_id",
    "sku",
    "name",
    "brand",
    "category",
    "price",
    "currency",
    "quantity",
    "list_id",
    "position",
    "source",
    "collection_id",
    "query",
    "results_count",
    "lines",
    "value",
    "tax",
    "shipping",
    "coupon",
    "order_id",
    "shipping_country",
    "shipping_province",
    "count",
    "note",
    "gift",
    "email",
    "phone",
    "ip",
    "password",
];
const SPECIAL: [&str; 24] = [
    "%", "%4", "%40", "%ZZ", "%E2%82", "@", "+", "(", ")", "::", ":", ".", "-", " ", "/", "\u{0}",
    "é", "😀", "[email]", "[phone]", "Bearer ", "eyJ", "0", "+44",
];
const UAS: [&str; 4] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "",
];

fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len())]
}

struct Gen {
    rng: Rng,
    pool: Vec<String>,
}

impl Gen {
    fn new(seed_base: u64) -> Gen {
        let mut pool: Vec<String> = corpus(CLEAN).into_iter().map(str::to_owned).collect();
        for (_, p) in pii() {
            pool.extend([p.to_owned(), url_encode(p), form_encode(p), full_encode(p)]);
        }
        pool.extend(SPECIAL.iter().map(|s| (*s).to_owned()));
        Gen {
            rng: Rng::new(seed(seed_base)),
            pool,
        }
    }

    fn digits(&mut self) -> String {
        let n = 1 + self.rng.below(12);
        (0..n)
            .map(|_| (b'0' + self.rng.below(10) as u8) as char)
            .collect()
    }

    fn text(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..1 + self.rng.below(4) {
            match self.rng.below(10) {
                0..=5 => s.push_str(&self.pool[self.rng.below(self.pool.len())].clone()),
                6 | 7 => s.push_str(&self.digits()),
                8 => s.push_str(pick_str(&mut self.rng, &SPECIAL)),
                _ => s.push(char::from_u32(0x20 + self.rng.below(0x3000) as u32).unwrap_or('x')),
            }
            if self.rng.chance(40) {
                s.push_str(pick_str(&mut self.rng, &[" ", "-", ".", "/", "+", ""]));
            }
        }
        s
    }

    fn number(&mut self) -> f64 {
        *self.rng.pick(&[
            0.0,
            1.0,
            2.0,
            12.5,
            -1.0,
            1e9,
            1e9 + 1.0,
            10_000.0,
            10_001.0,
            9_007_199_254_740_993.0,
            0.1,
            42.0,
        ])
    }

    fn value(&mut self, depth: u32) -> Value {
        match self.rng.below(if depth > 2 { 5 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.chance(50)),
            2 => Value::Number(self.number()),
            3 | 4 => Value::String(self.text()),
            5 => Value::Array(
                (0..self.rng.below(4))
                    .map(|_| self.value(depth + 1))
                    .collect(),
            ),
            6 => self.line(),
            _ => self.object(depth + 1),
        }
    }

    fn object(&mut self, depth: u32) -> Value {
        let mut m: Vec<(String, Value)> = Vec::new();
        for _ in 0..self.rng.below(7) {
            let key = if self.rng.chance(85) {
                (*self.rng.pick(&KEYS)).to_owned()
            } else {
                self.text()
            };
            if m.iter().any(|(k, _)| *k == key) {
                continue;
            }
            let v = if key == "lines" {
                Value::Array((0..self.rng.below(5)).map(|_| self.line()).collect())
            } else {
                self.value(depth)
            };
            m.push((key, v));
        }
        Value::Object(m)
    }

    fn line(&mut self) -> Value {
        let mut m: Vec<(String, Value)> = Vec::new();
        for f in &PRODUCT_FIELDS {
            if !self.rng.chance(40) {
                continue;
            }
            let v = match f.kind {
                Kind::Text { .. } | Kind::Id { .. } if self.rng.chance(70) => {
                    Value::String(self.text())
                }
                Kind::Currency if self.rng.chance(70) => Value::from("EUR"),
                _ => self.value(3),
            };
            m.push((f.name.to_string(), v));
        }
        if self.rng.chance(20) {
            m.push(("email".to_owned(), Value::String(self.text())));
        }
        Value::Object(m)
    }

    fn url(&mut self) -> String {
        let scheme = *self.rng.pick(&[
            "https://",
            "http://",
            "HTTPS://",
            "ftp://",
            "javascript:",
            "",
            "//",
        ]);
        let user = if self.rng.chance(15) {
            format!("{}@", url_encode(&self.text()))
        } else {
            String::new()
        };
        let host = *self.rng.pick(&[
            "shop.example",
            "Shop.Example",
            "shop.example:8080",
            "shop.example:443",
            "192.168.0.1",
            "[::1]",
            "xn--bcher-kva.example",
            "a b",
            "münchen.example",
        ]);
        let mut u = format!("{scheme}{user}{host}");
        for _ in 0..self.rng.below(4) {
            let seg = self.text();
            u.push('/');
            u.push_str(&if self.rng.chance(50) {
                url_encode(&seg)
            } else {
                seg.replace(['/', '?', '#'], "")
            });
        }
        if self.rng.chance(70) {
            for i in 0..1 + self.rng.below(4) {
                let key = *self.rng.pick(&[
                    "utm_source",
                    "utm_medium",
                    "utm_campaign",
                    "utm_term",
                    "utm_content",
                    "gclid",
                    "fbclid",
                    "email",
                    "q",
                    "token",
                ]);
                let v = self.text();
                let v = if self.rng.chance(50) {
                    form_encode(&v)
                } else {
                    v.replace(['&', '#'], "")
                };
                u.push(if i == 0 { '?' } else { '&' });
                u.push_str(&format!("{key}={v}"));
            }
        }
        if self.rng.chance(20) {
            u.push('#');
            u.push_str(&self.text());
        }
        u
    }

    fn event(&mut self) -> Value {
        let mut top: Vec<(String, Value)> = Vec::new();
        let name = if self.rng.chance(95) {
            Value::from(*self.rng.pick(&NAMES))
        } else {
            self.value(3)
        };
        top.push(("name".to_owned(), name));
        if self.rng.chance(90) {
            let props = if self.rng.chance(97) {
                self.object(1)
            } else {
                self.value(3)
            };
            top.push(("properties".to_owned(), props));
        }
        if self.rng.chance(80) {
            let mut c: Vec<(String, Value)> = Vec::new();
            if self.rng.chance(80) {
                c.push(("url".to_owned(), Value::String(self.url())));
            }
            if self.rng.chance(50) {
                c.push(("referrer".to_owned(), Value::String(self.url())));
            }
            if self.rng.chance(50) {
                c.push(("title".to_owned(), Value::String(self.text())));
            }
            if self.rng.chance(50) {
                let ua = if self.rng.chance(70) {
                    (*self.rng.pick(&UAS)).to_owned()
                } else {
                    self.text()
                };
                c.push(("userAgent".to_owned(), Value::String(ua)));
            }
            if self.rng.chance(20) {
                c.push(("geo".to_owned(), self.object(3)));
            }
            if self.rng.chance(20) {
                c.push(("ip".to_owned(), Value::from("203.0.113.9")));
            }
            top.push(("context".to_owned(), Value::Object(c)));
        }
        if self.rng.chance(10) {
            top.push(("extra".to_owned(), self.value(2)));
        }
        Value::Object(top)
    }
}

/// Checks output keys against the schema and returns every output string value.
fn check_shape<'a>(out: &'a Value, schemas: &Schemas, strs: &mut Vec<&'a str>) {
    let top = out.as_object().expect("object");
    let name = out.get("name").and_then(Value::as_str).expect("name");
    let schema = schemas.get(name).expect("declared");
    for (k, v) in top {
        match k.as_str() {
            "name" => {}
            "properties" => {
                for (pk, pv) in v.as_object().expect("properties object") {
                    let field = schema
                        .field(pk)
                        .unwrap_or_else(|| panic!("{pk} not in {name}"));
                    if let Kind::Lines { max } = field.kind {
                        let lines = pv.as_array().expect("lines array");
                        assert!(lines.len() <= max as usize);
                        for line in lines {
                            for (lk, _) in line.as_object().expect("line object") {
                                assert!(
                                    PRODUCT_FIELDS.iter().any(|f| f.name == lk.as_str()),
                                    "{lk}"
                                );
                            }
                        }
                    }
                }
            }
            "context" => {
                for (ck, _) in v.as_object().expect("context object") {
                    assert!(
                        ["url", "referrer", "title", "device", "geo"].contains(&ck.as_str()),
                        "{ck}"
                    );
                }
            }
            other => panic!("unexpected top-level key {other}"),
        }
    }
    strings(out, strs);
}

#[test]
fn minimizer_properties_hold() {
    let schemas = schemas();
    let mut g = Gen::new(0x7261_636b);
    let (mut kept, mut strings_checked) = (0, 0);
    for round in 0..rounds() {
        let event = g.event();
        let consent = if g.rng.chance(90) {
            ALL
        } else {
            Default::default()
        };
        let m = minimize(&event, &schemas, consent);
        assert_eq!(m.event.is_none(), m.reason.is_some());
        let Some(out) = m.event else { continue };
        kept += 1;
        let again = minimize(&out, &schemas, consent);
        assert_eq!(
            again.event.as_ref(),
            Some(&out),
            "round {round}: not idempotent for {}",
            event.to_json()
        );
        assert!(
            again.dropped.is_empty() && again.redacted.is_empty(),
            "round {round}: {again:?}"
        );
        let mut strs = Vec::new();
        check_shape(&out, &schemas, &mut strs);
        for s in strs {
            strings_checked += 1;
            assert_eq!(
                redact_text(s),
                s,
                "round {round}: PII left in output of {}",
                event.to_json()
            );
        }
    }
    println!(
        "minimizer properties: {} events, {kept} kept, {strings_checked} output strings clean",
        rounds()
    );
    assert!(kept > rounds() / 2);
}

#[test]
fn redaction_is_idempotent() {
    let mut g = Gen::new(42);
    for _ in 0..rounds() * 3 {
        let s = g.text();
        let once = redact_text(&s).into_owned();
        assert_eq!(redact_text(&once), once, "input {s:?}");
    }
}

#[test]
fn url_scrubbing_is_idempotent_and_clean() {
    let mut g = Gen::new(7);
    let opts = UrlOptions::default();
    for _ in 0..rounds() {
        let u = g.url();
        let once = scrub_url(&u, ALL, &opts);
        assert_eq!(scrub_url(&once, ALL, &opts), once, "input {u:?}");
        assert_eq!(redact_text(&once), once, "input {u:?}");
        if !once.is_empty() {
            assert!(once.starts_with("https://") || once.starts_with("http://"));
            assert!(!once.contains('#'), "{once}");
        }
        if let Some(o) = origin(&u) {
            assert_eq!(origin(&o).as_deref(), Some(o.as_str()));
        }
    }
}

#[test]
fn mutated_and_random_inputs_never_panic() {
    let schemas = schemas();
    let mut g = Gen::new(99);
    let mut parsed = 0;
    for _ in 0..rounds() {
        let mut bytes = g.event().to_json().into_bytes();
        for _ in 0..1 + g.rng.below(4) {
            let i = g.rng.below(bytes.len().max(1));
            match g.rng.below(3) {
                0 if !bytes.is_empty() => bytes[i] = *g.rng.pick(b"{}[]\",:0a-+%@ \\"),
                1 => bytes.insert(i.min(bytes.len()), *g.rng.pick(b"{}[]\",:0a-+%@ \\")),
                _ if !bytes.is_empty() => {
                    bytes.remove(i);
                }
                _ => {}
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(v) = Value::parse(&text) {
            parsed += 1;
            let _ = minimize(&v, &schemas, ALL);
        }
        let junk = g.text();
        let _ = minimize(&Value::String(junk.clone()), &schemas, ALL);
        let d = coarsen_user_agent(&junk);
        assert!(CLASSES.contains(&d.class) && BROWSERS.contains(&d.browser));
        let _ = scrub_url(&junk, ALL, &UrlOptions::default());
    }
    println!(
        "mutation: {} mutated events, {parsed} still parsed and minimized",
        rounds()
    );
}
