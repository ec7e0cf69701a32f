//! Decoded TC and GPP strings as JSON values, with the reference libraries' field names
//! (`@iabtechlabtcf/core` TCModel, `@iabgpp/cmpapi` sections): what `decodeTcString` and
//! `decodeGppString` return.
//!
//! Invariant: id sets are ascending arrays of numbers; times are ISO-8601 strings.

use super::gpp::{FieldValue, GppString};
use super::{iso8601_from_ms, TcModel};
use crate::json::{self, Value};

fn ids(v: &[u16]) -> Value {
    json::numbers(v.iter().map(|&i| u32::from(i)))
}

fn int(v: impl Into<u32>) -> Value {
    Value::from(v.into())
}

fn iso(ms: u64) -> Value {
    i64::try_from(ms)
        .ok()
        .and_then(iso8601_from_ms)
        .map_or(Value::Null, Value::from)
}

/// A decoded TC string as the reference library's TCModel fields.
pub fn tc_model_to_json(m: &TcModel) -> Value {
    let restrictions = m
        .publisher_restrictions
        .iter()
        .map(|r| {
            json::object([
                ("purposeId", int(r.purpose_id)),
                ("restrictionType", int(r.restriction_type)),
                ("vendors", ids(&r.vendors)),
            ])
        })
        .collect();
    json::object([
        ("version", int(m.version)),
        ("created", iso(m.created)),
        ("lastUpdated", iso(m.last_updated)),
        ("cmpId", int(m.cmp_id)),
        ("cmpVersion", int(m.cmp_version)),
        ("consentScreen", int(m.consent_screen)),
        ("consentLanguage", m.consent_language.as_str().into()),
        ("vendorListVersion", int(m.vendor_list_version)),
        ("policyVersion", int(m.policy_version)),
        ("isServiceSpecific", m.is_service_specific.into()),
        ("useNonStandardTexts", m.use_non_standard_texts.into()),
        ("purposeOneTreatment", m.purpose_one_treatment.into()),
        (
            "publisherCountryCode",
            m.publisher_country_code.as_str().into(),
        ),
        ("specialFeatureOptins", ids(&m.special_feature_optins)),
        ("purposeConsents", ids(&m.purpose_consents)),
        (
            "purposeLegitimateInterests",
            ids(&m.purpose_legitimate_interests),
        ),
        ("vendorConsents", ids(&m.vendor_consents)),
        (
            "vendorLegitimateInterests",
            ids(&m.vendor_legitimate_interests),
        ),
        ("publisherRestrictions", Value::Array(restrictions)),
        ("vendorsDisclosed", ids(&m.vendors_disclosed)),
        ("vendorsAllowed", ids(&m.vendors_allowed)),
        ("publisherConsents", ids(&m.publisher_consents)),
        (
            "publisherLegitimateInterests",
            ids(&m.publisher_legitimate_interests),
        ),
        ("numCustomPurposes", int(m.num_custom_purposes)),
        ("publisherCustomConsents", ids(&m.publisher_custom_consents)),
        (
            "publisherCustomLegitimateInterests",
            ids(&m.publisher_custom_legitimate_interests),
        ),
    ])
}

fn field_to_json(v: &FieldValue) -> Value {
    match v {
        FieldValue::Int(n) => Value::Number(*n as f64),
        FieldValue::Bool(b) => (*b).into(),
        FieldValue::IntList(l) => {
            Value::Array(l.iter().map(|n| Value::Number(*n as f64)).collect())
        }
        FieldValue::BoolList(l) => Value::Array(l.iter().map(|b| (*b).into()).collect()),
        FieldValue::Str(s) => s.as_str().into(),
        FieldValue::Datetime(ms) => iso(*ms),
        FieldValue::Ranges(entries) => Value::Array(
            entries
                .iter()
                .map(|e| {
                    json::object([
                        ("key", int(e.key)),
                        ("type", int(e.kind)),
                        ("ids", ids(&e.ids)),
                    ])
                })
                .collect(),
        ),
        FieldValue::Tcf(m) => tc_model_to_json(m),
    }
}

/// `{ version, sectionIds, sections: { <api prefix>: { <field>: value } } }`; the tcfeuv2
/// section is the TCModel object of `tc_model_to_json`.
pub fn gpp_to_json(g: &GppString) -> Value {
    let sections = g
        .sections
        .iter()
        .map(|s| {
            let body = match s.get("TcModel") {
                Some(tc @ FieldValue::Tcf(_)) => field_to_json(tc),
                _ => Value::Object(
                    s.fields
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), field_to_json(v)))
                        .collect(),
                ),
            };
            (s.name.to_owned(), body)
        })
        .collect();
    json::object([
        ("version", int(1u32)),
        ("sectionIds", ids(&g.section_ids)),
        ("sections", Value::Object(sections)),
    ])
}
