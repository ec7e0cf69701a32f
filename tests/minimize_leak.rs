//! The leak corpus: PII samples × encodings × placements (every property, nested lines, URL path,
//! query values, fragments, referrers, titles, user agents, geo, unknown keys). Asserts that no
//! planted value — raw, as planted, lower-cased or decoded — appears anywhere in the output or in
//! the reported paths.

mod minimize_support;

use minimize_support::*;
use tracksafe::json::{object, Value};

/// A named way of writing a value.
type Encoding = (&'static str, fn(&str) -> String);

/// The encodings a value is planted in.
fn encodings(kind: &str) -> Vec<Encoding> {
    let mut v: Vec<Encoding> = vec![
        ("raw", |s| s.to_owned()),
        ("url", url_encode),
        ("form", form_encode),
        ("full", full_encode),
    ];
    if kind == "email" || kind == "iban" {
        v.push(("lower", |s| s.to_lowercase()));
        v.push(("upper", |s| s.to_uppercase()));
        v.push(("mixed", |s| {
            s.chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_uppercase().next().unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect()
        }));
        v.push(("at-only", |s| s.replace('@', "%40").replace('+', "%2B")));
    }
    v
}

fn s(x: &str) -> Value {
    Value::String(x.to_owned())
}

/// Every placement: an event with `p` (the encoded PII) planted somewhere.
fn placements(p: &str) -> Vec<(&'static str, Value)> {
    let ev = |name: &str, props: Value, ctx: Value| {
        object([("name", s(name)), ("properties", props), ("context", ctx)])
    };
    let none = || object([]);
    vec![
        (
            "product.name",
            ev(
                "product_viewed",
                object([("name", s(&format!("Gift for {p}")))]),
                none(),
            ),
        ),
        (
            "product.sku",
            ev("product_added_to_cart", object([("sku", s(p))]), none()),
        ),
        (
            "product.brand",
            ev(
                "product_removed_from_cart",
                object([("brand", s(p))]),
                none(),
            ),
        ),
        (
            "product.category",
            ev(
                "product_viewed",
                object([("category", s(&format!("{p} / shoes")))]),
                none(),
            ),
        ),
        (
            "product.id",
            ev(
                "product_viewed",
                object([("product_id", s(p)), ("variant_id", s(p))]),
                none(),
            ),
        ),
        (
            "item.source",
            ev(
                "item_clicked",
                object([("source", s(p)), ("list_id", s(p))]),
                none(),
            ),
        ),
        (
            "collection.name",
            ev(
                "collection_viewed",
                object([("name", s(&format!("For {p}")))]),
                none(),
            ),
        ),
        (
            "search.query",
            ev(
                "search_submitted",
                object([("query", s(&format!("order status {p}")))]),
                none(),
            ),
        ),
        (
            "checkout.coupon",
            ev(
                "checkout_completed",
                object([("coupon", s(p)), ("order_id", s(p))]),
                none(),
            ),
        ),
        (
            "lines[].name",
            ev(
                "checkout_completed",
                object([(
                    "lines",
                    Value::Array(vec![
                        object([("name", s("Tee"))]),
                        object([("name", s(&format!("Engraving: {p}"))), ("sku", s(p))]),
                    ]),
                )]),
                none(),
            ),
        ),
        (
            "lines[].unknown",
            ev(
                "cart_viewed",
                object([("lines", Value::Array(vec![object([("note", s(p))])]))]),
                none(),
            ),
        ),
        (
            "unknown property",
            ev("product_viewed", object([("customer_email", s(p))]), none()),
        ),
        (
            "unknown key",
            ev("product_viewed", object([(p, s("x"))]), none()),
        ),
        (
            "custom.note",
            ev(
                "wishlist_added",
                object([("note", s(&format!("for {p}")))]),
                none(),
            ),
        ),
        (
            "url path",
            ev(
                "page_viewed",
                none(),
                object([(
                    "url",
                    s(&format!("https://shop.example/account/{p}/orders")),
                )]),
            ),
        ),
        (
            "url query kept",
            ev(
                "page_viewed",
                none(),
                object([(
                    "url",
                    s(&format!(
                        "https://shop.example/?utm_term={p}&utm_source=news"
                    )),
                )]),
            ),
        ),
        (
            "url query text",
            ev(
                "page_viewed",
                none(),
                object([(
                    "url",
                    s(&format!(
                        "https://shop.example/?utm_content=spring+sale+{p}+promo"
                    )),
                )]),
            ),
        ),
        (
            "url query other",
            ev(
                "page_viewed",
                none(),
                object([(
                    "url",
                    s(&format!("https://shop.example/?email={p}&gclid={p}")),
                )]),
            ),
        ),
        (
            "url fragment",
            ev(
                "page_viewed",
                none(),
                object([("url", s(&format!("https://shop.example/p#{p}")))]),
            ),
        ),
        (
            "url userinfo",
            ev(
                "page_viewed",
                none(),
                object([(
                    "url",
                    s(&format!("https://{}:pw@shop.example/", url_encode(p))),
                )]),
            ),
        ),
        (
            "referrer",
            ev(
                "page_viewed",
                none(),
                object([(
                    "referrer",
                    s(&format!("https://ref.example/u/{p}?q={p}#{p}")),
                )]),
            ),
        ),
        (
            "title",
            ev(
                "page_viewed",
                none(),
                object([("title", s(&format!("Order confirmation – {p}")))]),
            ),
        ),
        (
            "userAgent",
            ev(
                "page_viewed",
                none(),
                object([("userAgent", s(&format!("Mozilla/5.0 ({p}) Chrome/124.0")))]),
            ),
        ),
        (
            "geo",
            ev(
                "page_viewed",
                none(),
                object([(
                    "geo",
                    object([("country", s("US")), ("city", s(p)), ("region", s(p))]),
                )]),
            ),
        ),
        (
            "context unknown",
            ev(
                "page_viewed",
                none(),
                object([("email", s(p)), ("ip", s(p))]),
            ),
        ),
        ("top-level unknown", {
            let mut e = ev("page_viewed", none(), none());
            if let Value::Object(m) = &mut e {
                m.push(("customer".to_owned(), s(p)));
            }
            e
        }),
    ]
}

/// The forms of a planted value that must not appear in any output string.
fn needles(kind: &str, raw: &str, planted: &str) -> Vec<String> {
    let mut n = vec![
        raw.to_lowercase(),
        planted.to_lowercase(),
        decode(planted, true).to_lowercase(),
    ];
    match kind {
        "email" => {
            let local = raw.split('@').next().unwrap_or(raw).to_lowercase();
            if local.chars().count() >= 5 {
                n.push(format!("{local}@"));
                n.push(format!("{local}%40"));
            }
        }
        "token" => n.push(raw.trim_start_matches("Bearer ").to_lowercase()),
        _ => {}
    }
    n.sort();
    n.dedup();
    n
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

#[test]
fn no_planted_pii_survives() {
    let schemas = schemas();
    let mut cases = 0;
    let mut leaks = Vec::new();
    for (kind, raw) in pii() {
        for (enc, encode) in encodings(kind) {
            let planted = encode(raw);
            let needles = needles(kind, raw, &planted);
            let raw_digits = digits(raw);
            for (place, event) in placements(&planted) {
                cases += 1;
                let m = minimize(&event, &schemas, ALL);
                let mut texts: Vec<String> = m.dropped.iter().chain(&m.redacted).cloned().collect();
                if let Some(e) = &m.event {
                    let mut all = Vec::new();
                    strings(e, &mut all);
                    texts.extend(all.into_iter().map(str::to_owned));
                }
                for t in &texts {
                    let forms = [
                        t.to_lowercase(),
                        decode(t, true).to_lowercase(),
                        decode(&decode(t, false), true).to_lowercase(),
                    ];
                    let hit = needles
                        .iter()
                        .find(|n| forms.iter().any(|f| f.contains(n.as_str())));
                    let digit_hit = raw_digits.len() >= 7
                        && forms.iter().any(|f| digits(f).contains(&raw_digits));
                    if hit.is_some() || (digit_hit && kind != "email" && kind != "token") {
                        leaks.push(format!(
                            "{kind}/{enc}/{place}: {raw:?} planted as {planted:?} → {t:?}"
                        ));
                    }
                }
            }
        }
    }
    println!("leak corpus: {cases} cases, {} leaks", leaks.len());
    assert!(cases >= 300);
    assert!(
        leaks.is_empty(),
        "{} leaks:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}
