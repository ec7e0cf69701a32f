//! IAB GPP string decoder: the header (type 3, version 1, Fibonacci-coded section ids) and every
//! section tracksafe knows (tcfeuv2, tcfcav1, uspv1, usnat and all US state sections), with the
//! `@iabgpp/cmpapi` field names.
//!
//! Invariant: any malformed part is `Error::MalformedGppString` (never a panic, never a partial
//! result); the section count and every id list are bounded by the input itself.

mod fields;
mod sections;

use super::bits::BitReader;
use super::facts::{ids_of_bits, GppFacts, US_OPT_OUT_FIELDS, US_SECTION_NAMES};
use super::tcf::decode_tc_string;
use crate::error::{Error, Result};
use fields::{decode_segment, default_value, fibonacci_ranges, Field};
pub use fields::{FieldValue, Fields, RangeEntry};
use sections::{Sub, UsSpec, US_SECTIONS};

/// Longest GPP string accepted.
pub const MAX_GPP_STRING_LEN: usize = 64 * 1024;

/// One decoded section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GppSection {
    pub id: u16,
    /// The API prefix, e.g. `"usnat"`.
    pub name: &'static str,
    /// In wire order; a sub-section that is absent reports its defaults, and its presence is
    /// `GpcSegmentIncluded` / `SensitiveDataConsentSegmentIncluded`. The tcfeuv2 section has the
    /// single field `TcModel`.
    pub fields: Fields,
}

impl GppSection {
    /// The value of a field by its spec name.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// An integer field's value.
    pub fn int(&self, name: &str) -> Option<u64> {
        match self.get(name)? {
            FieldValue::Int(v) => Some(*v),
            _ => None,
        }
    }

    /// A boolean field's value.
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            FieldValue::Bool(v) => Some(*v),
            _ => None,
        }
    }
}

/// A decoded GPP string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GppString {
    /// Every id the header lists, ascending, including ids tracksafe does not decode.
    pub section_ids: Vec<u16>,
    /// The sections tracksafe decodes, in header order.
    pub sections: Vec<GppSection>,
}

impl GppString {
    /// The section with API prefix `name`, if present.
    pub fn section(&self, name: &str) -> Option<&GppSection> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// What each decoded section says to the consent mapping.
    pub fn facts(&self) -> Vec<GppFacts> {
        self.sections.iter().map(GppSection::facts).collect()
    }
}

impl GppSection {
    /// What this section says to the consent mapping (see `consent::facts`).
    pub fn facts(&self) -> GppFacts {
        let bits = |name: &str| match self.get(name) {
            Some(FieldValue::BoolList(b)) => ids_of_bits(b),
            _ => Vec::new(),
        };
        match self.name {
            "tcfeuv2" => match self.get("TcModel") {
                Some(FieldValue::Tcf(m)) => GppFacts::TcfEu(m.consents()),
                _ => GppFacts::TcfEu(Default::default()),
            },
            "tcfcav1" => GppFacts::TcfCa {
                purposes: bits("PurposesExpressConsent"),
                vendors: match self.get("VendorExpressConsent") {
                    Some(FieldValue::IntList(ids)) => {
                        ids.iter().filter_map(|&v| u16::try_from(v).ok()).collect()
                    }
                    _ => Vec::new(),
                },
                publisher_purposes: bits("PubPurposesExpressConsent"),
            },
            "uspv1" => {
                GppFacts::UsOptOut(self.get("OptOutSale") == Some(&FieldValue::Str("Y".into())))
            }
            name if US_SECTION_NAMES.contains(&name) => GppFacts::UsOptOut(
                US_OPT_OUT_FIELDS.iter().any(|f| self.int(f) == Some(1))
                    || self.bool("Gpc") == Some(true),
            ),
            _ => GppFacts::Other,
        }
    }
}

fn bad(msg: &'static str) -> Error {
    Error::MalformedGppString(msg)
}

/// Decodes a GPP string. Like the reference library, an empty string has no sections and a
/// bare TC string (starting with `C`) is read as a lone tcfeuv2 section.
pub fn decode_gpp_string(gpp: &str) -> Result<GppString> {
    if gpp.len() > MAX_GPP_STRING_LEN {
        return Err(bad("GPP string too long"));
    }
    if gpp.is_empty() {
        return Ok(GppString::default());
    }
    if !gpp.starts_with("DB") {
        if gpp.starts_with('C') {
            return Ok(GppString {
                section_ids: vec![2],
                sections: vec![tcfeuv2(gpp)?],
            });
        }
        return Err(bad("not a GPP string"));
    }
    let parts: Vec<&str> = gpp.split('~').collect();
    let header = parts[0].split('.').next().unwrap_or_default();
    let mut r = BitReader::new(header).map_err(bad)?;
    r.skip(12).map_err(bad)?; // type 3 and version 1: "DB"
    let ids = fibonacci_ranges(&mut r, u64::from(u16::MAX), parts.len() - 1)
        .map_err(|_| bad("header section ids"))?
        .to_vec();
    if ids.len() != parts.len() - 1 {
        return Err(bad("section count differs from the header"));
    }
    let mut sections = Vec::new();
    for (&id, text) in ids.iter().zip(&parts[1..]) {
        if text.trim().is_empty() {
            return Err(bad("blank section"));
        }
        if let Some(section) = decode_section(id, text)? {
            sections.push(section);
        }
    }
    Ok(GppString {
        section_ids: ids,
        sections,
    })
}

/// Decodes one section by id; `None` for ids tracksafe does not know (skipped, as the lib does).
pub fn decode_section(id: u16, text: &str) -> Result<Option<GppSection>> {
    let section = match id {
        2 => tcfeuv2(text)?,
        5 => tcfcav1(text)?,
        6 => uspv1(text)?,
        _ => match US_SECTIONS.iter().find(|s| s.id == id) {
            Some(spec) => us_section(spec, text)?,
            None => return Ok(None),
        },
    };
    Ok(Some(section))
}

fn tcfeuv2(text: &str) -> Result<GppSection> {
    let model = decode_tc_string(text).map_err(|_| bad("tcfeuv2 section"))?;
    Ok(GppSection {
        id: 2,
        name: "tcfeuv2",
        fields: vec![("TcModel", FieldValue::Tcf(Box::new(model)))],
    })
}

/// The CCPA string: version digit, then notice, opt-out-of-sale and LSPA flags (`Y`, `N`, `-`).
fn uspv1(text: &str) -> Result<GppSection> {
    let core = text.split('.').next().unwrap_or_default().as_bytes();
    let flag = |c: u8| matches!(c, b'Y' | b'N' | b'-');
    if core.len() != 4 || !core[0].is_ascii_digit() || !core[1..].iter().all(|&c| flag(c)) {
        return Err(bad("uspv1 section"));
    }
    let s = |i: usize| FieldValue::Str(char::from(core[i]).to_string());
    Ok(GppSection {
        id: 6,
        name: "uspv1",
        fields: vec![
            ("Version", FieldValue::Int(u64::from(core[0] - b'0'))),
            ("Notice", s(1)),
            ("OptOutSale", s(2)),
            ("LspaCovered", s(3)),
        ],
    })
}

fn us_section(spec: &UsSpec, text: &str) -> Result<GppSection> {
    let mut segments = text.split('.');
    let core = segments.next().unwrap_or_default();
    let mut fields = Vec::new();
    let legacy_usnat = spec.id == 7 && matches!(core.len(), 10 | 11);
    let table = if legacy_usnat {
        sections::USNAT_V1_CORE
    } else {
        spec.core
    };
    decode_segment(core, table, &mut fields).map_err(|_| bad(spec.name))?;
    if spec.id == 7 {
        usnat_lists(&mut fields);
    }
    let (sub, flag): (&[Field], &'static str) = match spec.sub {
        Sub::None => return Ok(section(spec, fields)),
        Sub::Gpc => (sections::GPC_SEGMENT, "GpcSegmentIncluded"),
        Sub::SensitiveData => (
            sections::SENSITIVE_SEGMENT,
            "SensitiveDataConsentSegmentIncluded",
        ),
    };
    match segments.next() {
        Some(seg) => {
            decode_segment(seg, sub, &mut fields).map_err(|_| bad(spec.name))?;
            fields.push((flag, FieldValue::Bool(true)));
        }
        None => {
            fields.extend(sub.iter().map(|f| (f.name, default_value(f))));
            fields.push((flag, FieldValue::Bool(false)));
        }
    }
    Ok(section(spec, fields))
}

fn section(spec: &UsSpec, fields: Fields) -> GppSection {
    GppSection {
        id: spec.id,
        name: spec.name,
        fields,
    }
}

/// usnat v1 had 12 sensitive-data categories and 2 child consents, v2 has 16 and 3: a v1-sized
/// core is padded with "not applicable" (0), and a version-1 section reports the v1 lengths.
fn usnat_lists(fields: &mut Fields) {
    let v1 = fields
        .iter()
        .any(|(n, v)| *n == "Version" && *v == FieldValue::Int(1));
    for (name, value) in fields.iter_mut() {
        let len = match *name {
            "SensitiveDataProcessing" => (16, 12),
            "KnownChildSensitiveDataConsents" => (3, 2),
            _ => continue,
        };
        if let FieldValue::IntList(list) = value {
            list.resize(if v1 { len.1 } else { len.0 }, 0);
        }
    }
}

/// tcfcav1: a core segment and optional publisher-purposes (type 3) and disclosed-vendors
/// (type 1) segments, told apart by their first character.
fn tcfcav1(text: &str) -> Result<GppSection> {
    let mut parts: [Option<&str>; 3] = [None; 3];
    for seg in text.split('.').filter(|s| !s.is_empty()) {
        let slot = match seg.as_bytes()[0] {
            b'A'..=b'H' => 0,
            b'Y' | b'Z' | b'a'..=b'f' => 1,
            b'I'..=b'P' => 2,
            _ => return Err(bad("tcfcav1 segment type")),
        };
        parts[slot] = Some(seg);
    }
    let tables = [
        sections::TCFCA_CORE,
        sections::TCFCA_PUB_PURPOSES,
        sections::TCFCA_DISCLOSED,
    ];
    let core = parts[0].ok_or(bad("tcfcav1 core segment missing"))?;
    let mut fields = Vec::new();
    decode_segment(core, tables[0], &mut fields).map_err(|_| bad("tcfcav1"))?;
    for (part, table) in parts[1..].iter().zip(&tables[1..]) {
        match part {
            Some(seg) => decode_segment(seg, table, &mut fields).map_err(|_| bad("tcfcav1"))?,
            None => fields.extend(table.iter().map(|f| (f.name, default_value(f)))),
        }
    }
    Ok(GppSection {
        id: 5,
        name: "tcfcav1",
        fields,
    })
}

#[cfg(test)]
mod tests;
