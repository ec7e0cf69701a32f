//! Digit runs (digit groups joined by phone-style separators) classified as payment cards (see
//! `card`), US SSNs or phone numbers (see `phone`). Invariant: a run is only ever split at group boundaries, and each window of
//! groups is judged as a whole, so dates, prices, sizes, SKUs and order numbers stay intact.

use super::token::{self, class, ALNUM, HEX};
use super::{card, phone, word_before, Pii, Span};

/// Most groups judged together; longer runs are judged in overlapping chunks.
const MAX_GROUPS: usize = 24;
/// Groups shared by consecutive chunks, so a number spanning a chunk edge is still seen whole.
const OVERLAP: usize = 6;
/// Most digits in any number we redact (cards go up to 19).
const MAX_DIGITS: usize = 19;

/// Group lengths (each 1..=19) packed five bits apiece, the last group lowest, so one compare asks
/// for a shape of up to four groups: a run of more groups keeps its last five whole (only a longer
/// run's first ones shift out), and the one before the compared groups is non-zero. One group:
/// below 32.
pub(super) const fn shape(lens: &[u8]) -> u32 {
    let mut v = 0u32;
    let mut k = 0;
    while k < lens.len() {
        v = v << 5 | lens[k] as u32;
        k += 1;
    }
    v
}

/// What precedes the first group of a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lead {
    None,
    /// `+` (possibly followed by `(`): an international number.
    Plus,
    /// `(`: an area code in parentheses.
    Paren,
}

/// A contiguous run of groups judged as one candidate number.
pub(super) struct Window<'a> {
    pub digits: &'a [u8],
    /// The group lengths as a [`shape`]; the first group's length; whether every group has two
    /// digits or more.
    pub shape: u32,
    pub first: u8,
    pub wide: bool,
    /// The separators between the groups, as the union of their [`SEPS`] bits: the rules only ask
    /// which kinds occur (`seps & !(SPACE | DASH) == 0`) and whether there is one kind (one bit).
    pub seps: u16,
    pub lead: Lead,
    pub keyword: Keyword,
}

/// Separators between digit groups, longest first; `(` and `)` alone also separate (`(0)20`,
/// `(555)123`). A separator is known by its bit, `1 << index`. Packed as length-prefixed bytes:
/// smaller in the wasm than a table of slices (their addresses compress badly).
const SEPS: &[u8] =
    b"\x04) - \x03 - \x02) \x02 (\x02)-\x02)+\x02+(\x01 \x01-\x01.\x01/\x01+\x01(\x01)";
pub(super) const SPACED_DASH: u16 = bit(b" - ");
pub(super) const SPACE: u16 = bit(b" ");
pub(super) const DASH: u16 = bit(b"-");
pub(super) const DOT: u16 = bit(b".");
pub(super) const SLASH: u16 = bit(b"/");

/// The bit of separator `sep`, found at compile time.
const fn bit(sep: &[u8]) -> u16 {
    let (mut k, mut at) = (0, 0);
    while at < SEPS.len() {
        let len = SEPS[at] as usize;
        let mut same = len == sep.len();
        let mut c = 0;
        while same && c < len {
            same = SEPS[at + 1 + c] == sep[c];
            c += 1;
        }
        if same {
            return 1 << k;
        }
        at += 1 + len;
        k += 1;
    }
    panic!("not a separator")
}

/// The separator `b` starts with, as its bit and its length.
fn sep_at(b: &[u8]) -> Option<(u16, usize)> {
    let (mut k, mut at) = (0, 0);
    while at < SEPS.len() {
        let len = usize::from(SEPS[at]);
        if b.starts_with(&SEPS[at + 1..at + 1 + len]) {
            return Some((1 << k, len));
        }
        at += 1 + len;
        k += 1;
    }
    None
}

/// A label right before the number that says what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keyword {
    None = 0,
    Phone,
    Ssn,
    /// A product or reference code label (`EAN`, `ISBN`, `SKU`, …): never a phone.
    Code,
}

#[derive(Clone, Copy, Default)]
struct Group {
    start: usize,
    end: usize,
    /// The bit of the separator before this group (0 for a run's first).
    sep: u16,
}

pub(super) fn find(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut groups = [Group::default(); MAX_GROUPS];
        let mut n = 0;
        let mut j = i;
        let mut sep = 0;
        loop {
            let start = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            groups[n] = Group { start, end: j, sep };
            n += 1;
            let Some((bit, sep_len)) = sep_at(&b[j..]) else {
                break;
            };
            if n == MAX_GROUPS || !b.get(j + sep_len).is_some_and(u8::is_ascii_digit) {
                break;
            }
            sep = bit;
            j += sep_len;
        }
        judge(text, &groups[..n], out);
        i = if n == MAX_GROUPS {
            groups[n - OVERLAP].start
        } else {
            groups[n - 1].end
        };
    }
}

/// Judges every window of the run, longest first from the left, emitting the first match.
fn judge(text: &str, groups: &[Group], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    // Five or more groups of four (`9400 1000 0000 0000 0000 00`) is a tracking or account code;
    // no phone number is cut out of it (cards, at most four groups of four, are still judged).
    let n = groups.len();
    let mut code = n >= 5;
    for (k, g) in groups.iter().enumerate() {
        let len = g.end - g.start;
        code &= len == 4 || (k == n - 1 && len < 4);
    }
    let mut a = 0;
    while a < n {
        let (lead, lead_len) = lead_before(b, groups, a);
        let start = groups[a].start - lead_len;
        let glued = a == 0 && (word_before(text, start) || in_escape(b, start));
        let keyword = keyword_before(text, start);
        let mut next = a + 1;
        let mut z = if glued { a } else { n };
        while z > a {
            z -= 1;
            match classify(text, &groups[a..=z], lead, keyword) {
                Some(pii) if !(code && pii == Pii::Phone) => {
                    out.push(Span {
                        start,
                        end: groups[z].end,
                        pii,
                    });
                    next = z + 1;
                    break;
                }
                _ => {}
            }
        }
        a = next;
    }
}

/// Whether `start` sits inside a `%XX` escape (`%2055` is a space and `55`, not the number 2055).
fn in_escape(b: &[u8], start: usize) -> bool {
    let hex = |i: usize| b.get(i).is_some_and(|&c| class(c) & HEX != 0);
    (start >= 1 && b[start - 1] == b'%' && hex(start + 1))
        || (start >= 2 && b[start - 2] == b'%' && hex(start - 1))
}

/// The lead (`+`, `(`, `+(`) right before group `a`, and its length in bytes.
fn lead_before(b: &[u8], groups: &[Group], a: usize) -> (Lead, usize) {
    let start = groups[a].start;
    // The lead lies after the previous group (or within two bytes of a run's first group).
    let floor = if a == 0 {
        start.saturating_sub(2)
    } else {
        groups[a - 1].end
    };
    // How many bytes before the group may be looked at (plain tests, not a closure: that one
    // is a function of its own, its captures passed through memory).
    let room = start - floor;
    let paren = room >= 1 && b[start - 1] == b'(';
    // Where a `+` would be: before the `(`, or right before the group.
    let plus = if paren { 2 } else { 1 };
    // A `+` glued to a word or a dot joins two tokens (`ART.NR.+4711`), it does not lead a number.
    let glued = start > plus && {
        let c = b[start - plus - 1];
        class(c) & (ALNUM | token::DOT) != 0
    };
    if room >= plus && b[start - plus] == b'+' && !glued {
        (Lead::Plus, plus)
    } else if paren {
        (Lead::Paren, 1)
    } else {
        (Lead::None, 0)
    }
}

fn classify(text: &str, groups: &[Group], lead: Lead, keyword: Keyword) -> Option<Pii> {
    let b = text.as_bytes();
    let mut digits = [0u8; MAX_DIGITS];
    let (mut shape, mut wide, mut seps, mut nd) = (0u32, true, 0, 0);
    for (k, g) in groups.iter().enumerate() {
        let len = g.end - g.start;
        if nd + len > MAX_DIGITS {
            return None;
        }
        digits[nd..nd + len].copy_from_slice(&b[g.start..g.end]);
        nd += len;
        shape = shape << 5 | len as u32;
        wide &= len >= 2;
        if k > 0 {
            seps |= g.sep;
        }
    }
    let w = Window {
        digits: &digits[..nd],
        shape,
        first: (groups[0].end - groups[0].start) as u8,
        wide,
        seps,
        lead,
        keyword,
    };
    if card::is_card(&w) {
        Some(Pii::Card)
    } else if is_ssn(&w) {
        Some(Pii::Ssn)
    } else if phone::is_phone(&w) {
        Some(Pii::Phone)
    } else {
        None
    }
}

/// `123-45-6789` or `123 45 6789` (or 9 bare digits after an "SSN" label) with a valid area
/// (not 000, 666 or 900–999), group (not 00) and serial (not 0000).
fn is_ssn(w: &Window) -> bool {
    // One kind of separator, a dash or a space.
    let shaped = w.shape == shape(&[3, 2, 4]) && (w.seps == DASH || w.seps == SPACE);
    let labelled = w.shape == 9 && w.keyword == Keyword::Ssn;
    if w.lead != Lead::None || !(shaped || labelled) {
        return false;
    }
    // Both are nine digits.
    let Ok(d) = <&[u8; 9]>::try_from(w.digits) else {
        return false;
    };
    let area = &d[0..3];
    area != b"000" && area != b"666" && area[0] != b'9' && &d[3..5] != b"00" && &d[5..9] != b"0000"
}

/// Labels that say what a number is, lower case. One of four letters or more also matches as
/// the start of a longer word (`telephone1`, `mobile`, `telefono`), but a code label only whole.
/// (Read at compile time only: the wasm carries [`LABELS`].)
const LABEL_LIST: [(&str, Keyword); 22] = [
    ("ssn", Keyword::Ssn),
    ("social", Keyword::Ssn),
    ("isbn", Keyword::Code),
    ("ean", Keyword::Code),
    ("upc", Keyword::Code),
    ("gtin", Keyword::Code),
    ("sku", Keyword::Code),
    ("mpn", Keyword::Code),
    ("asin", Keyword::Code),
    ("art", Keyword::Code),
    ("tel", Keyword::Phone),
    ("phone", Keyword::Phone),
    ("telephone", Keyword::Phone),
    ("telefon", Keyword::Phone),
    ("mobil", Keyword::Phone),
    ("mob", Keyword::Phone),
    ("cell", Keyword::Phone),
    ("call", Keyword::Phone),
    ("sms", Keyword::Phone),
    ("whatsapp", Keyword::Phone),
    ("fax", Keyword::Phone),
    ("ph", Keyword::Phone),
];

/// [`LABEL_LIST`] as one byte string: each entry its kind (as `Keyword as u8`) times 16 plus its
/// length, then its letters. A word matches at most one entry, so the first match decides.
const LABELS: [u8; labels_len()] = {
    let mut out = [0; labels_len()];
    let (mut k, mut at) = (0, 0);
    while k < LABEL_LIST.len() {
        let (w, kind) = (LABEL_LIST[k].0.as_bytes(), LABEL_LIST[k].1);
        out[at] = (kind as u8) << 4 | w.len() as u8;
        out = crate::text::with_bytes_at(out, at + 1, w);
        at += 1 + w.len();
        k += 1;
    }
    out
};

const fn labels_len() -> usize {
    let (mut k, mut n) = (0, 0);
    while k < LABEL_LIST.len() {
        n += 1 + LABEL_LIST[k].0.len();
        k += 1;
    }
    n
}

/// The kind of label `part` (letters only, any case) is.
fn label(part: &[u8]) -> Keyword {
    let mut at = 0;
    while at < LABELS.len() {
        let (kind, len) = (LABELS[at] >> 4, usize::from(LABELS[at] & 15));
        let whole = part.len() == len;
        let prefix = len >= 4 && kind != Keyword::Code as u8 && part.len() > len;
        // The labels are lower-case letters, the part letters only.
        if (whole || prefix) && part[..len].eq_ignore_ascii_case(&LABELS[at + 1..at + 1 + len]) {
            return match kind {
                1 => Keyword::Phone,
                2 => Keyword::Ssn,
                _ => Keyword::Code,
            };
        }
        at += 1 + len;
    }
    Keyword::None
}

/// A label such as `tel:`, `Phone #`, `mobile_number=` or `SSN` just before `start`.
fn keyword_before(text: &str, start: usize) -> Keyword {
    let head = &text.as_bytes()[..start];
    let mut i = head.len();
    let mut skipped = 0;
    while i > 0 && class(head[i - 1]) & ALNUM == 0 && skipped < 4 {
        if head[i - 1] == b']' {
            // A placeholder such as `[phone]` is not a label.
            return Keyword::None;
        }
        i -= 1;
        skipped += 1;
    }
    let end = i;
    while i > 0 && (head[i - 1].is_ascii_alphabetic() || head[i - 1] == b'_') && end - i < 24 {
        i -= 1;
    }
    // Each `_`-separated part of the word (`mobile_number`): an SSN or code label decides, a
    // phone label holds unless a later part says otherwise.
    let mut keyword = Keyword::None;
    while i <= end {
        let mut j = i;
        while j < end && head[j] != b'_' {
            j += 1;
        }
        match label(&head[i..j]) {
            Keyword::Phone => keyword = Keyword::Phone,
            Keyword::None => {}
            decided => return decided,
        }
        i = j + 1;
    }
    keyword
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(&str, Pii)> {
        let mut v = Vec::new();
        find(s, &mut v);
        v.iter().map(|x| (&s[x.start..x.end], x.pii)).collect()
    }

    #[test]
    fn ssns() {
        assert_eq!(kinds("ssn 123-45-6789"), [("123-45-6789", Pii::Ssn)]);
        assert_eq!(kinds("SSN: 123456789"), [("123456789", Pii::Ssn)]);
        for s in [
            "666-45-6789",
            "000-12-3456",
            "123-00-4567",
            "912-45-6789",
            "123-45-0000",
        ] {
            assert!(kinds(s).is_empty(), "{s}");
        }
    }

    #[test]
    fn phones_inside_longer_runs() {
        assert_eq!(
            kinds("Qty 2 (555) 123-4567"),
            [("(555) 123-4567", Pii::Phone)]
        );
        assert_eq!(
            kinds("x +44 20 7946 0958."),
            [("+44 20 7946 0958", Pii::Phone)]
        );
        assert_eq!(kinds("tel:5551234567"), [("5551234567", Pii::Phone)]);
        assert!(kinds("[phone]/5500-0000-0000").is_empty());
    }

    #[test]
    fn keeps_shop_numbers() {
        for s in [
            "SKU-2024-00017",
            "#1001",
            "2024-05-01",
            "1,299.00",
            "19.99",
            "size 10.5",
            "ORD-20240501-0042",
            "978-3-16-148410-0",
            "gid://shopify/ProductVariant/40123456789012",
            "4512345678",
        ] {
            assert!(kinds(s).is_empty(), "{s}");
        }
    }
}
