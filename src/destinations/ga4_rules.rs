//! The documented GA4 Measurement Protocol limits and reserved names, and the check every
//! outgoing event passes. Invariant: `check_event` accepts only events GA4 documents as valid.

use crate::json::Value;

/// Most events in one MP request.
pub const MAX_EVENTS: usize = 25;
/// Most parameters on one event (items count as one).
pub const MAX_PARAMS: usize = 25;
/// Longest event or parameter name.
pub const MAX_NAME: usize = 40;
/// Longest parameter value (characters).
pub const MAX_VALUE: usize = 100;
/// Most items kept on one event.
pub const MAX_ITEMS: usize = 200;

/// Event names GA4 reserves for itself.
pub const RESERVED_EVENTS: [&str; 35] = [
    "ad_activeview",
    "ad_click",
    "ad_exposure",
    "ad_query",
    "ad_reward",
    "adunit_exposure",
    "app_background",
    "app_clear_data",
    "app_exception",
    "app_remove",
    "app_store_refund",
    "app_store_subscription_cancel",
    "app_store_subscription_convert",
    "app_store_subscription_renew",
    "app_update",
    "app_upgrade",
    "dynamic_link_app_open",
    "dynamic_link_app_update",
    "dynamic_link_first_open",
    "error",
    "firebase_campaign",
    "firebase_in_app_message_action",
    "firebase_in_app_message_dismiss",
    "firebase_in_app_message_impression",
    "first_open",
    "first_visit",
    "in_app_purchase",
    "notification_dismiss",
    "notification_foreground",
    "notification_open",
    "notification_receive",
    "os_update",
    "session_start",
    "session_start_with_rollout",
    "user_engagement",
];
/// Parameter names GA4 reserves.
pub const RESERVED_PARAMS: [&str; 1] = ["firebase_conversion"];
/// Prefixes reserved for event and parameter names.
pub const RESERVED_PREFIXES: [&str; 3] = ["google_", "ga_", "firebase_"];

/// `[A-Za-z][A-Za-z0-9_]{0,39}`.
fn is_name(n: &str) -> bool {
    n.len() <= MAX_NAME
        && n.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn reserved_prefix(n: &str) -> bool {
    RESERVED_PREFIXES.iter().any(|p| n.starts_with(p))
}

pub(super) fn is_param_name(n: &str) -> bool {
    is_name(n) && !reserved_prefix(n) && !RESERVED_PARAMS.contains(&n)
}

/// Checks one MP event against the documented rules; the reason names the first rule broken.
pub fn check_event(ev: &Value) -> Result<(), &'static str> {
    let name = ev
        .get("name")
        .and_then(Value::as_str)
        .ok_or("event without a name")?;
    if !is_name(name) {
        return Err("event name: ≤ 40 of [A-Za-z0-9_], starting with a letter");
    }
    if RESERVED_EVENTS.contains(&name) || reserved_prefix(name) {
        return Err("reserved event name");
    }
    let params = ev
        .get("params")
        .and_then(Value::as_object)
        .ok_or("params is not an object")?;
    if params.len() > MAX_PARAMS {
        return Err("more than 25 params");
    }
    for (k, v) in params {
        if !is_param_name(k) {
            return Err("param name invalid or reserved");
        }
        match v {
            Value::String(s) if s.chars().count() > MAX_VALUE => {
                return Err("param value over 100 characters")
            }
            Value::Array(items) if k == "items" => {
                for it in items {
                    check_item(it)?;
                }
            }
            Value::String(_) | Value::Number(_) => {}
            _ => return Err("param value is not a string or number"),
        }
    }
    Ok(())
}

fn check_item(it: &Value) -> Result<(), &'static str> {
    let fields = it.as_object().ok_or("item is not an object")?;
    if it.get("item_id").is_none() && it.get("item_name").is_none() {
        return Err("item without item_id or item_name");
    }
    for (k, v) in fields {
        if !is_param_name(k) {
            return Err("item param name invalid or reserved");
        }
        match v {
            Value::String(s) if s.chars().count() > MAX_VALUE => {
                return Err("item value over 100 characters")
            }
            Value::String(_) | Value::Number(_) => {}
            _ => return Err("item value is not a string or number"),
        }
    }
    Ok(())
}
