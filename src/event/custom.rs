//! Parses the custom event schemas a shop declares in its config JSON. Invariant: a declaration
//! either parses completely or is refused with `Error::InvalidOptions`; nothing is guessed, every
//! cap is bounded, and every custom event needs at least one purpose.
//!
//! Each declaration is read with the same `OptionReader` as every other option (the script tag's
//! wasm carries that reader anyway): the same messages, and half the code of a parser of its own.

use std::borrow::Cow;

use super::schema::{Field, Kind, Schema};
use super::standard::{is_standard, ID_MAX, LINES_MAX, TEXT_MAX};
use crate::config::OptionReader;
use crate::consent::{Purpose, Purposes};
use crate::error::{Error, Result};
use crate::json::Value;
use crate::text::cat;

const MAX_SCHEMAS: usize = 100;
const MAX_FIELDS: usize = 50;
const MAX_TEXT: u32 = 1000;

/// Every declarable type: its name, its kind when no cap is given, and the keys it takes.
const TYPES: [(&str, Kind, &[&str]); 9] = [
    (
        "string",
        Kind::Text { max: TEXT_MAX },
        &["type", "maxLength"],
    ),
    ("id", Kind::Id { max: ID_MAX }, &["type", "maxLength"]),
    (
        "number",
        Kind::Number { min: 0.0, max: 1e9 },
        &["type", "min", "max"],
    ),
    (
        "integer",
        Kind::Integer {
            min: 0,
            max: 1_000_000_000,
        },
        &["type", "min", "max"],
    ),
    ("boolean", Kind::Bool, &["type"]),
    ("currency", Kind::Currency, &["type"]),
    ("country", Kind::Country, &["type"]),
    ("province", Kind::Province, &["type"]),
    (
        "lines",
        Kind::Lines { max: LINES_MAX },
        &["type", "maxItems"],
    ),
];
const ANY_TYPE_KEY: &[&str] = &["type", "maxLength", "min", "max", "maxItems"];

/// Parses `{ name: { purposes: [...], properties: { prop: { type, ... } } } }`; `null` is none.
pub(super) fn parse(custom: &Value) -> Result<Vec<Schema>> {
    let map = match custom {
        Value::Null => return Ok(Vec::new()),
        Value::Object(m) => m,
        _ => return Err(bad("customEvents", " must be an object")),
    };
    if map.len() > MAX_SCHEMAS {
        return Err(bad("customEvents", " declares more than 100 events"));
    }
    let mut out: Vec<Schema> = Vec::with_capacity(map.len());
    for (name, spec) in map {
        let at = cat!("customEvents.", name);
        if !is_snake_case(name) {
            return Err(bad(
                &at,
                " is not an event name (snake_case, at most 64 characters)",
            ));
        }
        let mut clash = is_standard(name);
        for s in &out {
            clash |= s.name == *name;
        }
        if clash {
            return Err(bad(&at, " redefines an existing event"));
        }
        out.push(schema(name, spec, &at)?);
    }
    Ok(out)
}

fn schema(name: &str, spec: &Value, at: &str) -> Result<Schema> {
    let r = OptionReader::new(at, Some(spec), &["purposes", "properties"])?;
    let mut purposes = Purposes {
        analytics: true,
        ..Purposes::DENIED
    };
    if let Some(names) = r.strings("purposes")? {
        purposes = Purposes::DENIED;
        for n in &names {
            let p = Purpose::from_name(n).ok_or_else(|| {
                r.bad(
                    "purposes",
                    "an array of analytics, marketing, preferences or saleOfData",
                )
            })?;
            purposes.set(p, true);
        }
        if purposes == Purposes::DENIED {
            return Err(r.bad("purposes", "a non-empty array of purpose names"));
        }
    }
    let mut fields = Vec::new();
    if let Some(props) = r.raw("properties") {
        let at = cat!(at, ".properties");
        let map = props
            .as_object()
            .ok_or_else(|| bad(&at, " must be an object"))?;
        if map.len() > MAX_FIELDS {
            return Err(bad(&at, " declares more than 50 properties"));
        }
        fields.reserve_exact(map.len());
        for (name, spec) in map {
            let at = cat!(at, ".", name);
            if !is_snake_case(name) {
                return Err(bad(
                    &at,
                    " is not a property name (snake_case, at most 64 characters)",
                ));
            }
            fields.push(Field {
                name: Cow::Owned(name.clone()),
                kind: kind(spec, &at)?,
            });
        }
    }
    Ok(Schema {
        name: Cow::Owned(name.to_owned()),
        purposes,
        fields: Cow::Owned(fields),
    })
}

/// One property declaration: `{ "type": ..., caps... }`; caps not valid for the type are refused.
fn kind(spec: &Value, at: &str) -> Result<Kind> {
    let r = OptionReader::new(at, Some(spec), ANY_TYPE_KEY)?;
    let ty = r.string("type")?.unwrap_or_default();
    let mut found = None;
    for (name, kind, keys) in &TYPES {
        if *name == ty {
            found = Some((*kind, *keys));
        }
    }
    let (mut kind, keys) = found.ok_or_else(|| {
        r.bad(
            "type",
            "one of string, id, number, integer, boolean, currency, country, province, lines",
        )
    })?;
    // Again with the type's own keys: a cap another type takes is refused here.
    let r = OptionReader::new(at, Some(spec), keys)?;
    match &mut kind {
        Kind::Text { max } => *max = r.int("maxLength", 1, MAX_TEXT, *max)?,
        Kind::Id { max } => *max = r.int("maxLength", 1, ID_MAX, *max)?,
        Kind::Lines { max } => *max = r.int("maxItems", 1, LINES_MAX, *max)?,
        Kind::Number { min, max } => {
            *min = r.number("min", false, *min)?;
            *max = r.number("max", false, *max)?;
        }
        Kind::Integer { min, max } => {
            *min = r.number("min", true, *min as f64)? as i64;
            *max = r.number("max", true, *max as f64)? as i64;
        }
        _ => {}
    }
    match kind {
        Kind::Number { min, max } if min > max => Err(bad(at, " has its min above its max")),
        Kind::Integer { min, max } if min > max => Err(bad(at, " has its min above its max")),
        k => Ok(k),
    }
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
    Error::InvalidOptions(cat!(at, what))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declare(json: &str) -> Result<Vec<Schema>> {
        parse(&Value::parse(json).unwrap())
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
        let p = "customEvents.w.properties.a";
        let types =
            "one of string, id, number, integer, boolean, currency, country, province, lines";
        for (json, message) in [
            ("[]", "customEvents must be an object".to_owned()),
            (&many_events, "customEvents declares more than 100 events".to_owned()),
            (
                r#"{"Bad-Name":{}}"#,
                "customEvents.Bad-Name is not an event name (snake_case, at most 64 characters)"
                    .to_owned(),
            ),
            (
                r#"{"page_viewed":{}}"#,
                "customEvents.page_viewed redefines an existing event".to_owned(),
            ),
            (r#"{"w":5}"#, "customEvents.w must be an object".to_owned()),
            (
                r#"{"w":{"extra":1}}"#,
                "unknown option customEvents.w.extra (known: purposes, properties)".to_owned(),
            ),
            (
                r#"{"w":{"purposes":"x"}}"#,
                "customEvents.w.purposes must be an array of strings".to_owned(),
            ),
            (
                r#"{"w":{"purposes":["ads"]}}"#,
                "customEvents.w.purposes must be an array of analytics, marketing, preferences or saleOfData".to_owned(),
            ),
            (
                r#"{"w":{"purposes":[]}}"#,
                "customEvents.w.purposes must be a non-empty array of purpose names".to_owned(),
            ),
            (
                r#"{"w":{"properties":[]}}"#,
                "customEvents.w.properties must be an object".to_owned(),
            ),
            (
                &many_props,
                "customEvents.w.properties declares more than 50 properties".to_owned(),
            ),
            (
                r#"{"w":{"properties":{"A":{}}}}"#,
                "customEvents.w.properties.A is not a property name (snake_case, at most 64 characters)"
                    .to_owned(),
            ),
            (r#"{"w":{"properties":{"a":1}}}"#, format!("{p} must be an object")),
            (r#"{"w":{"properties":{"a":{}}}}"#, format!("{p}.type must be {types}")),
            (
                r#"{"w":{"properties":{"a":{"type":5}}}}"#,
                format!("{p}.type must be a string"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"date"}}}}"#,
                format!("{p}.type must be {types}"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","max":3}}}}"#,
                format!("unknown option {p}.max (known: type, maxLength)"),
            ),
            (
                r#"{"w":{"properties":{"a":{"maxItems":3,"type":"boolean"}}}}"#,
                format!("unknown option {p}.maxItems (known: type)"),
            ),
            (
                r#"{"w":{"properties":{"a":{"maxLength":"9","type":"string"}}}}"#,
                format!("{p}.maxLength must be an integer from 1 to 1000"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"number","min":-1e16}}}}"#,
                format!("{p}.min must be a number of at most 1e15 in magnitude"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","maxLength":0}}}}"#,
                format!("{p}.maxLength must be an integer from 1 to 1000"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","maxLength":1001}}}}"#,
                format!("{p}.maxLength must be an integer from 1 to 1000"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"string","maxLength":2.5}}}}"#,
                format!("{p}.maxLength must be an integer from 1 to 1000"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"id","maxLength":65}}}}"#,
                format!("{p}.maxLength must be an integer from 1 to 64"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"integer","min":1.5}}}}"#,
                format!("{p}.min must be an integer of at most 1e15 in magnitude"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"lines","maxItems":101}}}}"#,
                format!("{p}.maxItems must be an integer from 1 to 100"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"integer","min":5,"max":1}}}}"#,
                format!("{p} has its min above its max"),
            ),
            (
                r#"{"w":{"properties":{"a":{"type":"number","max":-1}}}}"#,
                format!("{p} has its min above its max"),
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
        // `null` is absent, as in every other option: analytics only, no properties.
        let z = declare(r#"{"z":{"purposes":null,"properties":null}}"#).unwrap();
        assert_eq!((z[0].purposes, z[0].fields.len()), (analytics, 0));
    }
}
