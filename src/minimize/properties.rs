//! Event properties against their schema: keep what fits, drop and record what does not, redact
//! every kept string. Invariant: every output key is a schema field, every output value fits its
//! kind after redaction, and nothing is converted from one type to another.

use std::borrow::Cow;

use super::redact::redact_text;
use super::{Report, Sink};
use crate::event::validate::fits;
use crate::event::{Field, Kind, PRODUCT_FIELDS};
use crate::json::Value;

/// Keeps the members of `input` that `fields` allow, in input order.
pub(super) fn properties<S: Sink>(
    input: &[(String, Value)],
    fields: &[Field],
    path: &str,
    rep: &mut S,
) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::with_capacity(input.len().min(fields.len()));
    for (key, v) in input {
        // The reported path (the key redacted) is built only when something is reported.
        let at = || Report::path(path, key);
        let field = fields.iter().find(|f| f.name == key.as_str());
        let kept = match field {
            Some(f) if !out.iter().any(|(k, _)| k == key) => value(f.kind, v, &at, rep),
            _ => None,
        };
        match kept {
            Some(v) => out.push((key.clone(), v)),
            None => rep.dropped(at),
        }
    }
    out
}

fn value<S: Sink>(kind: Kind, v: &Value, at: &dyn Fn() -> String, rep: &mut S) -> Option<Value> {
    if let Kind::Lines { max } = kind {
        // The lines' own paths are only needed where they are reported.
        let at = if S::ON { at() } else { String::new() };
        return lines(v, max as usize, &at, rep);
    }
    if !fits(kind, v) {
        return None;
    }
    // Besides a string, `fits` passes only a number or a boolean: copied by hand, so the page
    // build carries no `Value::clone`.
    let s = match v {
        Value::String(s) => s,
        &Value::Number(n) => return Some(Value::Number(n)),
        &Value::Bool(b) => return Some(Value::Bool(b)),
        _ => return None,
    };
    let r = redact_text(s);
    let redacted = matches!(r, Cow::Owned(_));
    let r = Value::String(r.into_owned());
    if redacted {
        if !fits(kind, &r) {
            return None;
        }
        rep.redacted(at);
    }
    Some(r)
}

fn lines<S: Sink>(v: &Value, max: usize, at: &str, rep: &mut S) -> Option<Value> {
    let items = v.as_array()?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = || crate::text::cat!(at, "[", crate::text::int(i as i64), "]");
        match item {
            Value::Object(m) if i < max => {
                let here = if S::ON { here() } else { String::new() };
                out.push(Value::Object(properties(m, &PRODUCT_FIELDS, &here, rep)))
            }
            _ => rep.dropped(here),
        }
    }
    Some(Value::Array(out))
}
