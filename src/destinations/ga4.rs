//! Google Analytics 4 Measurement Protocol (`/mp/collect`): Google's recommended e-commerce
//! events with `items[]`. Invariant: every request satisfies the documented MP limits (at most 25
//! events, 25 params each, names ≤ 40 of `[A-Za-z0-9_]` starting with a letter, values ≤ 100
//! characters, no reserved event names or prefixes); an event that cannot is dropped, not sent.

use super::common::{self, batch_text, percent_encode, Event, Obj, Product};
use super::config::{Account, Destination};
use super::ga4_rules::is_param_name;
use super::route::Request;
use crate::consent::Purposes;
use crate::json::Value;

pub use super::ga4_rules::{
    check_event, MAX_EVENTS, MAX_ITEMS, MAX_NAME, MAX_PARAMS, MAX_VALUE, RESERVED_EVENTS,
    RESERVED_PARAMS, RESERVED_PREFIXES,
};

#[derive(Clone, Copy)]
enum Shape {
    Page,
    Item,
    Clicked,
    List,
    Search,
    Cart,
    Purchase,
}

/// tracksafe event → GA4 recommended event and how its params are shaped.
static TABLE: [(&str, &str, Shape); 10] = [
    ("page_viewed", "page_view", Shape::Page),
    ("product_viewed", "view_item", Shape::Item),
    ("product_added_to_cart", "add_to_cart", Shape::Item),
    ("product_removed_from_cart", "remove_from_cart", Shape::Item),
    ("item_clicked", "select_item", Shape::Clicked),
    ("collection_viewed", "view_item_list", Shape::List),
    ("search_submitted", "search", Shape::Search),
    ("cart_viewed", "view_cart", Shape::Cart),
    ("checkout_started", "begin_checkout", Shape::Cart),
    ("checkout_completed", "purchase", Shape::Purchase),
];

/// The GA4 event name for a tracksafe event (custom events keep theirs).
pub fn event_name(name: &str) -> &str {
    TABLE
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or(name, |(_, g, _)| g)
}

pub fn requests(batch: &Value, d: &Destination, consent: Purposes) -> Vec<Request> {
    let Account::Ga4 {
        measurement_id,
        api_secret,
    } = &d.account
    else {
        return Vec::new();
    };
    let events: Vec<(Value, f64)> = common::events(batch)
        .iter()
        .filter_map(|e| Some((event(e)?, e.timestamp_ms)))
        .collect();
    let url = format!(
        "{}/mp/collect?measurement_id={}&api_secret={}",
        d.endpoint,
        percent_encode(measurement_id),
        percent_encode(api_secret)
    );
    let first = common::events(batch).first().map(|e| e.id);
    let client_id = batch_text(batch, "visitorId")
        .or_else(|| batch_text(batch, "sessionId"))
        .or(first);
    let Some(client_id) = client_id else {
        return Vec::new();
    };
    let grant = |on: bool| if on { "GRANTED" } else { "DENIED" };
    let consent = Obj::new()
        .put("ad_user_data", grant(consent.marketing))
        .put(
            "ad_personalization",
            grant(consent.marketing && consent.sale_of_data),
        )
        .build();
    common::chunks(events, MAX_EVENTS)
        .into_iter()
        .map(|run| {
            let earliest = run.iter().map(|(_, t)| *t).fold(f64::INFINITY, f64::min);
            let body = Obj::new()
                .put("client_id", client_id)
                .put("timestamp_micros", micros(earliest))
                .put("consent", consent.clone())
                .put(
                    "events",
                    Value::Array(run.into_iter().map(|(e, _)| e).collect()),
                )
                .build();
            Request::json(url.clone(), &body, Vec::new())
        })
        .collect()
}

fn micros(ms: f64) -> f64 {
    ms.floor() * 1000.0
}

/// One MP event, or `None` where no valid one can be made.
pub fn event(e: &Event) -> Option<Value> {
    let shape = TABLE.iter().find(|(n, _, _)| *n == e.name).map(|t| t.2);
    let params = match shape {
        Some(shape) => params(e, shape),
        None => custom_params(e),
    };
    let ev = Obj::new()
        .put("name", event_name(e.name))
        .put("params", params)
        .put("timestamp_micros", micros(e.timestamp_ms))
        .build();
    check_event(&ev).ok().map(|()| ev)
}

fn text(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty())
        .map(|s| s.chars().take(MAX_VALUE).collect())
}

fn item(p: &Product, index: Option<f64>) -> Option<Value> {
    p.key().or(p.name)?;
    Some(
        Obj::new()
            .opt("item_id", text(p.key()))
            .opt("item_name", text(p.name))
            .opt("item_brand", text(p.brand))
            .opt("item_category", text(p.category))
            .opt("item_variant", text(p.variant))
            .opt("price", p.price)
            .opt("quantity", p.quantity)
            .opt("index", index)
            .build(),
    )
}

fn items(e: &Event, index: Option<f64>) -> Value {
    Value::Array(
        e.products()
            .iter()
            .filter_map(|p| item(p, index))
            .take(MAX_ITEMS)
            .collect(),
    )
}

fn params(e: &Event, shape: Shape) -> Value {
    let products = e.products();
    let currency = e
        .text("currency")
        .or(products.first().and_then(|p| p.currency));
    // `value` needs a `currency` in GA4; without one it is left out.
    let money = |o: Obj, value: Option<f64>| match (currency, value) {
        (Some(c), Some(v)) => o.put("currency", c).put("value", v),
        (Some(c), None) => o.put("currency", c),
        _ => o,
    };
    let o = match shape {
        Shape::Page => Obj::new()
            .opt("page_location", text(e.page("url")))
            .opt("page_referrer", text(e.page("referrer")))
            .opt("page_title", text(e.page("title"))),
        Shape::Item => {
            let value = products
                .first()
                .and_then(|p| Some(p.price? * p.quantity.unwrap_or(1.0)));
            money(Obj::new(), value).put("items", items(e, None))
        }
        Shape::Clicked => Obj::new()
            .opt("item_list_id", text(e.text("list_id")))
            .put("items", items(e, e.number("position"))),
        Shape::List => Obj::new()
            .opt("item_list_id", text(e.text("collection_id")))
            .opt("item_list_name", text(e.text("name"))),
        Shape::Search => Obj::new().opt("search_term", text(e.text("query"))),
        Shape::Cart => money(Obj::new(), e.number("value")).put("items", items(e, None)),
        Shape::Purchase => money(
            Obj::new().opt("transaction_id", text(e.text("order_id"))),
            e.number("value"),
        )
        .opt("tax", e.number("tax"))
        .opt("shipping", e.number("shipping"))
        .opt("coupon", text(e.text("coupon")))
        .put("items", items(e, None)),
    };
    o.build()
}

/// A custom event's scalar properties whose names GA4 accepts, at most `MAX_PARAMS`.
fn custom_params(e: &Event) -> Value {
    let Some(members) = e.properties.as_object() else {
        return Value::Object(Vec::new());
    };
    let kept = members
        .iter()
        .filter(|(k, _)| is_param_name(k))
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((
                k.clone(),
                Value::String(s.chars().take(MAX_VALUE).collect()),
            )),
            Value::Number(n) if n.is_finite() => Some((k.clone(), Value::Number(*n))),
            _ => None,
        })
        .take(MAX_PARAMS)
        .collect();
    Value::Object(kept)
}
