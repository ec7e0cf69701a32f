//! Parses the custom event schemas a shop declares in its config JSON. Invariant: a declaration
//! either parses completely or is refused with `Error::InvalidOptions`; nothing is guessed, every
//! cap is bounded, and every custom event needs at least one purpose.

use std::borrow::Cow;

use super::schema::{Field, Kind, Schema};
use super::standard::{is_standard, ID_MAX, LINES_MAX, TEXT_MAX};
use crate::consent::{Purpose, Purposes};
use crate::error::{Error, Result};
use crate::json::Value;
use crate::text::cat;

const MAX_SCHEMAS: usize = 100;
const MAX_FIELDS: usize = 50;
const MAX_TEXT: f64 = 1000.0;
const MAX_ABS: f64 = 1e15;

/// Parses `{ name: { purposes: [...], properties: { prop: { type, ... } } } }`; `null` is none.
pub(super) fn parse(custom: &Value, existing: &[Schema]) -> Result<Vec<Schema>> {
    let map = match custom {
        Value::Null => return Ok(Vec::new()),
        Value::Object(m) => m,
        _ => return Err(bad("customEvents", "must be an object")),
    };
    if map.len() > MAX_SCHEMAS {
        return Err(bad("customEvents", "declares more than 100 events"));
    }
    let mut out: Vec<Schema> = Vec::with_capacity(map.len());
    for (name, spec) in map {
        let at = cat!("customEvents.", name);
        if !is_snake_case(name) {
            return Err(bad(
                &at,
                "event names are snake_case, at most 64 characters",
            ));
        }
        let declared = |list: &[Schema]| list.iter().any(|s| s.name == *name);
        if is_standard(name) || declared(existing) || declared(&out) {
            return Err(bad(&at, "redefines an existing event"));
        }
        out.push(schema(name, spec, &at)?);
    }
    Ok(out)
}

fn schema(name: &str, spec: &Value, at: &str) -> Result<Schema> {
    let spec = spec
        .as_object()
        .ok_or_else(|| bad(at, "must be an object"))?;
    let mut purposes = None;
    let mut fields = Vec::new();
    for (key, v) in spec {
        match key.as_str() {
            "purposes" => purposes = Some(parse_purposes(v, &cat!(at, ".purposes"))?),
            "properties" => fields = parse_fields(v, &cat!(at, ".properties"))?,
            other => return Err(bad(at, &cat!("unknown key \"", other, "\""))),
        }
    }
    Ok(Schema {
        name: Cow::Owned(name.to_owned()),
        purposes: purposes.unwrap_or(Purposes {
            analytics: true,
            ..Purposes::DENIED
        }),
        fields: Cow::Owned(fields),
    })
}

fn parse_purposes(v: &Value, at: &str) -> Result<Purposes> {
    let list = v
        .as_array()
        .ok_or_else(|| bad(at, "must be an array of purpose names"))?;
    let mut p = Purposes::DENIED;
    for item in list {
        let purpose = item
            .as_str()
            .and_then(Purpose::from_name)
            .ok_or_else(|| bad(at, "unknown purpose"))?;
        p.set(purpose, true);
    }
    if p == Purposes::DENIED {
        return Err(bad(at, "must name at least one purpose"));
    }
    Ok(p)
}

fn parse_fields(v: &Value, at: &str) -> Result<Vec<Field>> {
    let map = v.as_object().ok_or_else(|| bad(at, "must be an object"))?;
    if map.len() > MAX_FIELDS {
        return Err(bad(at, "declares more than 50 properties"));
    }
    // A loop, not `map(..).collect::<Result<_>>()`: the page's size-first build keeps that
    // adapter's shunt as its own 2.5 KB function.
    let mut fields = Vec::with_capacity(map.len());
    for (name, spec) in map {
        let at = cat!(at, ".", name);
        if !is_snake_case(name) {
            return Err(bad(
                &at,
                "property names are snake_case, at most 64 characters",
            ));
        }
        fields.push(Field {
            name: Cow::Owned(name.clone()),
            kind: kind(spec, &at)?,
        });
    }
    Ok(fields)
}

/// One property declaration: `{ "type": ..., caps... }`; caps not valid for the type are refused.
fn kind(spec: &Value, at: &str) -> Result<Kind> {
    let spec = spec
        .as_object()
        .ok_or_else(|| bad(at, "must be an object"))?;
    let ty = spec
        .iter()
        .find(|(k, _)| k == "type")
        .and_then(|(_, v)| v.as_str())
        .ok_or_else(|| bad(at, "needs a \"type\" string"))?;
    let (allowed, mut kind): (&[&str], Kind) = match ty {
        "string" => (&["maxLength"], Kind::Text { max: TEXT_MAX }),
        "id" => (&["maxLength"], Kind::Id { max: ID_MAX }),
        "number" => (&["min", "max"], Kind::Number { min: 0.0, max: 1e9 }),
        "integer" => (
            &["min", "max"],
            Kind::Integer {
                min: 0,
                max: 1_000_000_000,
            },
        ),
        "boolean" => (&[], Kind::Bool),
        "currency" => (&[], Kind::Currency),
        "country" => (&[], Kind::Country),
        "province" => (&[], Kind::Province),
        "lines" => (&["maxItems"], Kind::Lines { max: LINES_MAX }),
        other => return Err(bad(at, &cat!("unknown type \"", other, "\""))),
    };
    for (key, v) in spec.iter().filter(|(k, _)| k != "type") {
        if !allowed.contains(&key.as_str()) {
            return Err(bad(
                at,
                &cat!("\"", key, "\" is not valid for type \"", ty, "\""),
            ));
        }
        let n = v
            .as_f64()
            .filter(|n| n.is_finite() && n.abs() <= MAX_ABS)
            .ok_or_else(|| bad(at, &cat!("\"", key, "\" must be a number")))?;
        kind = with_cap(kind, key, n)
            .ok_or_else(|| bad(at, &cat!("\"", key, "\" is out of range")))?;
    }
    match kind {
        Kind::Number { min, max } if min > max => Err(bad(at, "min is greater than max")),
        Kind::Integer { min, max } if min > max => Err(bad(at, "min is greater than max")),
        k => Ok(k),
    }
}

fn with_cap(kind: Kind, key: &str, n: f64) -> Option<Kind> {
    let whole = n.fract() == 0.0;
    Some(match (kind, key) {
        (Kind::Text { .. }, "maxLength") if whole && (1.0..=MAX_TEXT).contains(&n) => {
            Kind::Text { max: n as u32 }
        }
        (Kind::Id { .. }, "maxLength") if whole && (1.0..=ID_MAX as f64).contains(&n) => {
            Kind::Id { max: n as u32 }
        }
        (Kind::Number { max, .. }, "min") => Kind::Number { min: n, max },
        (Kind::Number { min, .. }, "max") => Kind::Number { min, max: n },
        (Kind::Integer { max, .. }, "min") if whole => Kind::Integer { min: n as i64, max },
        (Kind::Integer { min, .. }, "max") if whole => Kind::Integer { min, max: n as i64 },
        (Kind::Lines { .. }, "maxItems") if whole && (1.0..=LINES_MAX as f64).contains(&n) => {
            Kind::Lines { max: n as u32 }
        }
        _ => return None,
    })
}

fn is_snake_case(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

fn bad(at: &str, what: &str) -> Error {
    Error::InvalidOptions(cat!(at, ": ", what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Schemas;

    fn declare(json: &str) -> Result<Vec<Schema>> {
        parse(
            &Value::parse(json).unwrap(),
            &Schemas::standard().iter().cloned().collect::<Vec<_>>(),
        )
    }

    fn refusal(json: &str) -> String {
        match declare(json) {
            Err(Error::InvalidOptions(m)) => m,
            other => panic!("{json}: {other:?}"),
        }
    }

    #[test]
    fn every_refusal_names_the_place_and_the_reason() {
        let many_events = format!(
            "{{{}}}",
            (0..101)
                .map(|i| format!("\"e{i}\":{{}}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let many_props = format!(
            "{{\"w\":{{\"properties\":{{{}}}}}}}",
            (0..51)
                .map(|i| format!("\"p{i}\":{{\"type\":\"boolean\"}}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let p = "customEvents.w.properties.a: ";
        for (json, message) in [
            ("[]", "customEvents: must be an object".to_owned()),
            (
                &many_events,
                "customEvents: declares more than 100 events".to_owned(),
            ),
            (
                r#"{"Bad-Name":{}}"#,
                "customEvents.Bad-Name: event names are snake_case, at most 64 characters"
                    .to_owned(),
            ),
            (
                r#"{"page_viewed":{}}"#,
                "customEvents.page_viewed: redefines an existing event".to_owned(),
            ),
            (r#"{"w":5}"#, "customEvents.w: must be an object".to_owned()),
            (
                r#"{"w":{"extra":1}}"#,
                r#"customEvents.w: unknown key "extra""#.to_owned(),
            ),
            (
                r#"{"w":{"purposes":"x"}}"#,
                "customEvents.w.purposes: must be an array of purpose names".to_owned(),
            ),
            (
                r#"{"w":{"purposes":["ads"]}}"#,
                "customEvents.w.purposes: unknown purpose".to_owned(),
            ),
            (
                r#"{"w":{"purposes":[]}}"#,
                "customEvents.w.purposes: must name at least one purpose".to_owned(),
            ),
            (
                r#"{"w":{"properties":[]}}"#,
                "customEvents.w.properties: must be an object".to_owned(),
            ),
            (
                &many_props,
                "customEvents.w.properties: declares more than 50 properties".to_owned(),
            ),
            (
                r#"{"w":{"properties":{"A":{}}}}"#,
                "customEvents.w.properties.A: property names are snake_case, at most 64 characters"
                    .to_owned(),
            ),
            (
                r#"{"w":{"properties":{"a":1}}}"#,
                format!("{p}must be an object"),
            ),
            (
                r#"{"w":{"properties":{"a":{}}}}"#,
                format!(r#"{p}needs a "type" string"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":5}}}}"#,
                format!(r#"{p}needs a "type" string"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"date"}}}}"#,
                format!(r#"{p}unknown type "date""#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","max":3}}}}"#,
                format!(r#"{p}"max" is not valid for type "string""#),
            ),
            (
                r#"{"w":{"properties":{"a":{"maxItems":3,"type":"boolean"}}}}"#,
                format!(r#"{p}"maxItems" is not valid for type "boolean""#),
            ),
            (
                r#"{"w":{"properties":{"a":{"maxLength":"9","type":"string"}}}}"#,
                format!(r#"{p}"maxLength" must be a number"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"number","min":-1e16}}}}"#,
                format!(r#"{p}"min" must be a number"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","maxLength":0}}}}"#,
                format!(r#"{p}"maxLength" is out of range"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","maxLength":1001}}}}"#,
                format!(r#"{p}"maxLength" is out of range"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","maxLength":2.5}}}}"#,
                format!(r#"{p}"maxLength" is out of range"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"id","maxLength":65}}}}"#,
                format!(r#"{p}"maxLength" is out of range"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"integer","min":1.5}}}}"#,
                format!(r#"{p}"min" is out of range"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"lines","maxItems":101}}}}"#,
                format!(r#"{p}"maxItems" is out of range"#),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"integer","min":5,"max":1}}}}"#,
                format!("{p}min is greater than max"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"number","max":-1}}}}"#,
                format!("{p}min is greater than max"),
            ),
        ] {
            assert_eq!(refusal(json), message, "{json}");
        }
    }

    #[test]
    fn declarations_become_bounded_kinds() {
        let schemas = declare(
            r#"{"w":{"properties":{
                "s":{"type":"string"},"s2":{"type":"string","maxLength":1000},
                "i":{"type":"id"},"i2":{"maxLength":8,"type":"id"},
                "n":{"type":"number"},"n2":{"type":"number","min":-1e15,"max":2.5},
                "g":{"type":"integer"},"g2":{"type":"integer","min":-3,"max":-3},
                "b":{"type":"boolean"},"c":{"type":"currency"},"k":{"type":"country"},
                "r":{"type":"province"},"l":{"type":"lines"},"l2":{"type":"lines","maxItems":1}}},
              "x":{"purposes":["marketing","saleOfData","marketing"]}}"#,
        )
        .unwrap();
        let kinds: Vec<(&str, Kind)> = schemas[0]
            .fields
            .iter()
            .map(|f| (&*f.name, f.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("s", Kind::Text { max: TEXT_MAX }),
                ("s2", Kind::Text { max: 1000 }),
                ("i", Kind::Id { max: ID_MAX }),
                ("i2", Kind::Id { max: 8 }),
                ("n", Kind::Number { min: 0.0, max: 1e9 }),
                (
                    "n2",
                    Kind::Number {
                        min: -1e15,
                        max: 2.5
                    }
                ),
                (
                    "g",
                    Kind::Integer {
                        min: 0,
                        max: 1_000_000_000
                    }
                ),
                ("g2", Kind::Integer { min: -3, max: -3 }),
                ("b", Kind::Bool),
                ("c", Kind::Currency),
                ("k", Kind::Country),
                ("r", Kind::Province),
                ("l", Kind::Lines { max: LINES_MAX }),
                ("l2", Kind::Lines { max: 1 }),
            ]
        );
        let analytics = Purposes {
            analytics: true,
            ..Purposes::DENIED
        };
        assert_eq!((&*schemas[0].name, schemas[0].purposes), ("w", analytics));
        let x = Purposes {
            marketing: true,
            sale_of_data: true,
            ..Purposes::DENIED
        };
        assert_eq!((&*schemas[1].name, schemas[1].purposes), ("x", x));
        assert!(schemas[1].fields.is_empty());
        assert!(declare("null").unwrap().is_empty());
    }
}
