//! Generic, table-driven decoding of one bit-encoded GPP segment into named field values.
//!
//! Invariant: reads never run past the segment (short input is an error, or for a `soft` field
//! that is missing altogether the end of the segment); id lists are capped at 16-bit ids, so
//! output stays bounded.

use super::super::bits::BitReader;
use super::super::idset::IdSet;
use super::super::TcModel;

/// How a field is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An unsigned integer of so many bits.
    Int(u8),
    Bool,
    /// `n` integers of `width` bits each.
    List(u8, u8),
    /// 36 bits of deciseconds, reported in milliseconds.
    Datetime,
    /// `n` 6-bit letters (`A` + value; 63 is a space), trimmed.
    Str(u8),
    /// A fixed bitfield of `n` booleans.
    Bits(u8),
    /// A bitfield as long as the preceding `NumCustomPurposes` value.
    FlexBits,
    /// 16-bit max id, 1-bit range flag, then a bitfield or Fibonacci-coded ranges.
    OptFibRange,
    /// 12-bit count of (6-bit key, 2-bit type, `OptFibRange`) entries.
    FibRanges,
}

/// One row of a section table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// The value an absent sub-segment reports for an `Int` field.
    pub default: u8,
    /// The segment may end before this field (newer optional fields): fewer bits left than its
    /// 12-bit count reports it absent. Cut off after that, it is corrupt and fails the segment.
    pub soft: bool,
}

/// A (key, type, ids) entry of `PubRestrictions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeEntry {
    pub key: u8,
    pub kind: u8,
    pub ids: Vec<u16>,
}

/// A decoded GPP field value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Int(u64),
    Bool(bool),
    IntList(Vec<u64>),
    BoolList(Vec<bool>),
    Str(String),
    /// Milliseconds since the Unix epoch.
    Datetime(u64),
    Ranges(Vec<RangeEntry>),
    /// The tcfeuv2 section, decoded by the TCF decoder.
    Tcf(Box<TcModel>),
}

/// The ordered fields of one section.
pub type Fields = Vec<(&'static str, FieldValue)>;

/// What an absent segment reports for `field`.
pub fn default_value(field: &Field) -> FieldValue {
    match field.kind {
        Kind::Int(_) => FieldValue::Int(u64::from(field.default)),
        Kind::Bool => FieldValue::Bool(false),
        Kind::List(_, n) => FieldValue::IntList(vec![0; usize::from(n)]),
        Kind::Datetime => FieldValue::Datetime(0),
        Kind::Str(_) => FieldValue::Str(String::new()),
        Kind::Bits(n) => FieldValue::BoolList(vec![false; usize::from(n)]),
        Kind::FlexBits => FieldValue::BoolList(Vec::new()),
        Kind::OptFibRange => FieldValue::IntList(Vec::new()),
        Kind::FibRanges => FieldValue::Ranges(Vec::new()),
    }
}

/// The leading count of a soft field: with fewer bits left, the field is not there.
const SOFT_HEADER_BITS: usize = 12;

/// Decodes `segment` (base64url) field by field into `out`.
pub fn decode_segment(
    segment: &str,
    table: &[Field],
    out: &mut Fields,
) -> Result<(), &'static str> {
    let mut r = BitReader::new(segment)?;
    let mut flex_len = 0usize;
    for (i, field) in table.iter().enumerate() {
        // Base64 pads a segment to whole characters, so up to 5 bits may follow its last field.
        let absent = r.remaining() < SOFT_HEADER_BITS;
        match read_field(&mut r, field.kind, flex_len) {
            Ok(v) => {
                if field.name == "NumCustomPurposes" {
                    if let FieldValue::Int(n) = v {
                        flex_len = n as usize;
                    }
                }
                out.push((field.name, v));
            }
            Err(_) if field.soft && absent => {
                out.extend(table[i..].iter().map(|f| (f.name, default_value(f))));
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn read_field(
    r: &mut BitReader<'_>,
    kind: Kind,
    flex_len: usize,
) -> Result<FieldValue, &'static str> {
    Ok(match kind {
        Kind::Int(n) => FieldValue::Int(r.read(usize::from(n))?),
        Kind::Bool => FieldValue::Bool(r.read_bool()?),
        Kind::List(w, n) => {
            let mut v = Vec::with_capacity(usize::from(n));
            for _ in 0..n {
                v.push(r.read(usize::from(w))?);
            }
            FieldValue::IntList(v)
        }
        Kind::Datetime => FieldValue::Datetime(r.read(36)? * 100),
        Kind::Str(n) => {
            let mut s = String::new();
            for _ in 0..n {
                let c = r.read(6)? as u8;
                s.push(if c == 63 { ' ' } else { char::from(b'A' + c) });
            }
            FieldValue::Str(s.trim().to_string())
        }
        Kind::Bits(n) => FieldValue::BoolList(read_bits(r, usize::from(n))?),
        Kind::FlexBits => FieldValue::BoolList(read_bits(r, flex_len)?),
        Kind::OptFibRange => {
            FieldValue::IntList(opt_fib_range(r)?.into_iter().map(u64::from).collect())
        }
        Kind::FibRanges => {
            let count = r.read(12)? as usize;
            if count * 25 > r.remaining() {
                return Err("range entries truncated");
            }
            let mut entries = Vec::with_capacity(count);
            for _ in 0..count {
                let key = r.read(6)? as u8;
                let kind = r.read(2)? as u8;
                let ids = opt_fib_range(r)?;
                entries.push(RangeEntry { key, kind, ids });
            }
            FieldValue::Ranges(entries)
        }
    })
}

fn read_bits(r: &mut BitReader<'_>, n: usize) -> Result<Vec<bool>, &'static str> {
    if r.remaining() < n {
        return Err("bitfield truncated");
    }
    (0..n).map(|_| r.read_bool()).collect()
}

/// `OptimizedFibonacciRange`: ids ascending; a bitfield lists ids 1..=max.
pub fn opt_fib_range(r: &mut BitReader<'_>) -> Result<Vec<u16>, &'static str> {
    let max = r.read(16)? as usize;
    if !r.read_bool()? {
        if r.remaining() < max {
            return Err("bitfield truncated");
        }
        let mut ids = Vec::new();
        for id in 1..=max {
            if r.read_bool()? {
                ids.push(id as u16);
            }
        }
        return Ok(ids);
    }
    Ok(fibonacci_ranges(r, u64::from(u16::MAX), usize::MAX)?.to_vec())
}

/// A Fibonacci integer range: 12-bit group count, then per group a range flag and one or two
/// Fibonacci-coded deltas from the previous value. Ids above `max_id`, or more than `max_count`
/// ids in all, are an error (the bound that keeps hostile input small).
pub fn fibonacci_ranges(
    r: &mut BitReader<'_>,
    max_id: u64,
    max_count: usize,
) -> Result<IdSet, &'static str> {
    let groups = r.read(12)?;
    let mut set = IdSet::new();
    let (mut offset, mut count) = (0u64, 0usize);
    for _ in 0..groups {
        let is_range = r.read_bool()?;
        let start = offset
            .checked_add(r.read_fibonacci()?)
            .ok_or("id too large")?;
        let end = if is_range {
            start
                .checked_add(r.read_fibonacci()?)
                .ok_or("id too large")?
        } else {
            start
        };
        if end > max_id {
            return Err("id too large");
        }
        count += (end - start + 1) as usize;
        if count > max_count {
            return Err("too many ids");
        }
        set.insert_range(start as u16, end as u16);
        offset = end;
    }
    Ok(set)
}
