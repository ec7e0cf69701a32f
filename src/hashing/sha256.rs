//! SHA-256 (FIPS 180-4) in plain Rust: streaming `Sha256`, one-shot `sha256`, `sha256_hex` and
//! `sha256_hex_into` (hex into a caller's buffer, no allocation).
//! Invariant: output is always the 32-byte digest or its 64-char lowercase hex, never the input.
//!
//! Written for the size-first wasm build, where iterator adapters stay calls and every
//! `memcpy`/`memset` is a `memory.copy`/`memory.fill` call out of the engine: plain index loops,
//! the padding read in place instead of copied into a block, no zeroed scratch arrays.

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// Digest length in bytes.
pub const DIGEST_LEN: usize = 32;
/// Block length in bytes (HMAC pads keys to this).
pub const BLOCK_LEN: usize = 64;
/// Length of the lowercase hex digest.
pub const HEX_LEN: usize = 2 * DIGEST_LEN;

/// A streaming SHA-256 hasher: `new`, any number of `update`s, one `finalize`.
#[derive(Clone)]
pub struct Sha256 {
    state: [u32; 8],
    block: [u8; BLOCK_LEN],
    filled: usize,
    total: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    /// A hasher over the empty message.
    pub const fn new() -> Self {
        Self {
            state: H0,
            block: [0; BLOCK_LEN],
            filled: 0,
            total: 0,
        }
    }

    /// Appends `data` to the message.
    pub fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u64);
        let mut w = [0; 16];
        if self.filled > 0 {
            let take = (BLOCK_LEN - self.filled).min(data.len());
            self.block[self.filled..self.filled + take].copy_from_slice(&data[..take]);
            self.filled += take;
            data = &data[take..];
            if self.filled < BLOCK_LEN {
                return;
            }
            load_block(&mut w, &self.block, 0, AsIs);
            compress(&mut self.state, &mut w);
            self.filled = 0;
        }
        while data.len() >= BLOCK_LEN {
            load_block(&mut w, data, 0, AsIs);
            compress(&mut self.state, &mut w);
            data = &data[BLOCK_LEN..];
        }
        self.block[..data.len()].copy_from_slice(data);
        self.filled = data.len();
    }

    /// Pads the message and returns its digest.
    pub fn finalize(mut self) -> [u8; DIGEST_LEN] {
        let bits = self.total.wrapping_mul(8);
        pad(
            &mut self.state,
            &self.block[..self.filled],
            bits,
            &mut [0; 16],
            AsIs,
        );
        digest_bytes(&self.state)
    }
}

/// The message schedule of one block as a window of its last 16 words (word `i` at `i & 15`):
/// at first the block's own words, big-endian. The masks keep every index provably in bounds.
type Schedule = [u32; 16];

/// How the message's bytes are read: as they are, or ASCII-lowercased on the way in. A type per
/// reading (not a flag), so the common one pays nothing for the other.
/// (Inlined by force: the size-first build would otherwise make every byte a call.)
trait Bytes: Copy {
    fn byte(self, b: u8) -> u8;

    /// The big-endian word at `data[p..p + 4]`.
    #[inline(always)]
    fn word(self, data: &[u8], p: usize) -> u32 {
        u32::from_be_bytes([
            self.byte(data[p]),
            self.byte(data[p + 1]),
            self.byte(data[p + 2]),
            self.byte(data[p + 3]),
        ])
    }
}

#[derive(Clone, Copy)]
struct AsIs;

impl Bytes for AsIs {
    #[inline(always)]
    fn byte(self, b: u8) -> u8 {
        b
    }
}

#[derive(Clone, Copy)]
struct AsciiLowercase;

impl Bytes for AsciiLowercase {
    #[inline(always)]
    fn byte(self, b: u8) -> u8 {
        b.to_ascii_lowercase()
    }
}

/// The block at `data[at..at + 64]` into the first 16 words of `w`.
fn load_block(w: &mut Schedule, data: &[u8], at: usize, bytes: impl Bytes) {
    let mut i = 0;
    while i < 16 {
        w[i] = bytes.word(data, at + 4 * i);
        i += 1;
    }
}

/// Compresses the final `tail` (under one block) with the padding and the message length in
/// bits, reading the padding in place instead of copying the tail into a zeroed block.
fn pad(state: &mut [u32; 8], tail: &[u8], bits: u64, w: &mut Schedule, bytes: impl Bytes) {
    let blocks = if tail.len() < BLOCK_LEN - 8 { 1 } else { 2 };
    let mut at = 0;
    while at < blocks {
        let mut i = 0;
        while i < 16 {
            w[i] = padded_word(tail, 16 * at + i, blocks, bits, bytes);
            i += 1;
        }
        compress(state, w);
        at += 1;
    }
}

/// Big-endian word `i` of `tail` followed by `0x80`, zeros and `bits`, padded to `blocks` blocks.
fn padded_word(tail: &[u8], i: usize, blocks: usize, bits: u64, bytes: impl Bytes) -> u32 {
    let (p, n) = (4 * i, tail.len());
    if p + 4 <= n {
        return bytes.word(tail, p);
    }
    let len_at = blocks * BLOCK_LEN - 8;
    if p >= len_at {
        return (bits >> if p == len_at { 32 } else { 0 }) as u32;
    }
    if p > n {
        return 0;
    }
    // The word where the message ends and the `0x80` goes.
    let mut w = 0x80 << (24 - 8 * (n - p));
    let mut k = p;
    while k < n {
        w |= u32::from(bytes.byte(tail[k])) << (24 - 8 * (k - p));
        k += 1;
    }
    w
}

/// `K[i] + W[i]` for round `i`, expanding the schedule word `W[i]` (from 16 on) as it goes.
#[inline(always)]
fn sched(w: &mut Schedule, i: usize) -> u32 {
    if i >= 16 {
        // Words i-15, i-2 and i-7; word i-16 is the slot word i takes over.
        let (w15, w2, w7) = (w[(i + 1) & 15], w[(i + 14) & 15], w[(i + 9) & 15]);
        let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
        let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
        w[i & 15] = w[i & 15].wrapping_add(s0).wrapping_add(w7).wrapping_add(s1);
    }
    K[i & 63].wrapping_add(w[i & 15])
}

/// One round: `d += t1`, `h = t1 + t2`; the caller rotates the names instead of the values.
macro_rules! round {
    ($a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident, $kw:expr) => {
        let t1 = $h
            .wrapping_add($e.rotate_right(6) ^ $e.rotate_right(11) ^ $e.rotate_right(25))
            .wrapping_add($g ^ ($e & ($f ^ $g)))
            .wrapping_add($kw);
        let t2 = ($a.rotate_right(2) ^ $a.rotate_right(13) ^ $a.rotate_right(22))
            .wrapping_add(($a & $b) | ($c & ($a | $b)));
        $d = $d.wrapping_add(t1);
        $h = t1.wrapping_add(t2);
    };
}

/// Eight rounds from round `$i`, the working variables renamed, not moved.
macro_rules! rounds8 {
    ($w:ident, $i:expr, $a:ident, $b:ident, $c:ident, $d:ident, $e:ident, $f:ident, $g:ident, $h:ident) => {
        round!($a, $b, $c, $d, $e, $f, $g, $h, sched($w, $i));
        round!($h, $a, $b, $c, $d, $e, $f, $g, sched($w, $i + 1));
        round!($g, $h, $a, $b, $c, $d, $e, $f, sched($w, $i + 2));
        round!($f, $g, $h, $a, $b, $c, $d, $e, sched($w, $i + 3));
        round!($e, $f, $g, $h, $a, $b, $c, $d, sched($w, $i + 4));
        round!($d, $e, $f, $g, $h, $a, $b, $c, sched($w, $i + 5));
        round!($c, $d, $e, $f, $g, $h, $a, $b, sched($w, $i + 6));
        round!($b, $c, $d, $e, $f, $g, $h, $a, sched($w, $i + 7));
    };
}

/// One block (its words loaded into `w`) into the state.
///
/// Where `hashEmail` is exported (the npm package's wasm, and natively) all 64 rounds are written
/// out: each round's constant and whether it expands the schedule are known when it is compiled
/// (no loads of `K`, no branch per round; measured: `hashEmail` ~10 % faster, +1.0 KB brotli for
/// the ES module). The script tag's hasher keeps the rounds in a loop (1.2 KB less on the page
/// that first calls `identify()`, which hashes a few values).
fn compress(state: &mut [u32; 8], w: &mut Schedule) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    #[cfg(feature = "exports")]
    {
        rounds8!(w, 0, a, b, c, d, e, f, g, h);
        rounds8!(w, 8, a, b, c, d, e, f, g, h);
        rounds8!(w, 16, a, b, c, d, e, f, g, h);
        rounds8!(w, 24, a, b, c, d, e, f, g, h);
        rounds8!(w, 32, a, b, c, d, e, f, g, h);
        rounds8!(w, 40, a, b, c, d, e, f, g, h);
        rounds8!(w, 48, a, b, c, d, e, f, g, h);
        rounds8!(w, 56, a, b, c, d, e, f, g, h);
    }
    #[cfg(not(feature = "exports"))]
    {
        let mut i = 0;
        while i < 64 {
            rounds8!(w, i, a, b, c, d, e, f, g, h);
            i += 8;
        }
    }
    state[0] = state[0].wrapping_add(a);
    state[1] = state[1].wrapping_add(b);
    state[2] = state[2].wrapping_add(c);
    state[3] = state[3].wrapping_add(d);
    state[4] = state[4].wrapping_add(e);
    state[5] = state[5].wrapping_add(f);
    state[6] = state[6].wrapping_add(g);
    state[7] = state[7].wrapping_add(h);
}

/// The final state of the SHA-256 of `data` read as `bytes` says, its blocks read where they
/// lie, so no copy of the message is ever made.
fn sha256_state(data: &[u8], bytes: impl Bytes) -> [u32; 8] {
    let mut state = H0;
    let mut w = [0; 16];
    let full = data.len() - data.len() % BLOCK_LEN;
    let mut at = 0;
    while at < full {
        load_block(&mut w, data, at, bytes);
        compress(&mut state, &mut w);
        at += BLOCK_LEN;
    }
    let bits = (data.len() as u64).wrapping_mul(8);
    pad(&mut state, &data[full..], bits, &mut w, bytes);
    state
}

fn digest_bytes(state: &[u32; 8]) -> [u8; DIGEST_LEN] {
    let mut out = [0; DIGEST_LEN];
    let mut i = 0;
    while i < DIGEST_LEN {
        out[i] = (state[i / 4] >> (24 - 8 * (i % 4))) as u8;
        i += 1;
    }
    out
}

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; DIGEST_LEN] {
    digest_bytes(&sha256_state(data, AsIs))
}

/// The SHA-256 digest of `data` as 64 lowercase hex digits.
pub fn sha256_hex(data: &[u8]) -> String {
    let mut out = [0; HEX_LEN];
    sha256_hex_into(data, &mut out);
    ascii_string(&out)
}

/// The SHA-256 digest of `data` as 64 lowercase hex digits written into `out`.
pub fn sha256_hex_into(data: &[u8], out: &mut [u8; HEX_LEN]) {
    hex_into(&sha256_state(data, AsIs), out);
}

/// `sha256_hex_into(data.to_ascii_lowercase())` without making the lowercase copy.
pub fn sha256_ascii_lowercase_hex_into(data: &[u8], out: &mut [u8; HEX_LEN]) {
    hex_into(&sha256_state(data, AsciiLowercase), out);
}

/// The digest's hex, eight digits per state word: its nibbles spread one per byte (the first
/// digit lowest), then `'0' + n`, plus `'a' - '0' - 10` where `n > 9` (only those carry into bit
/// 4 when 6 is added).
fn hex_into(state: &[u32; 8], out: &mut [u8; HEX_LEN]) {
    const LOW_BYTES: u64 = 0x0000_00ff_0000_00ff;
    const LOW_NIBBLES: u64 = 0x000f_000f_000f_000f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut i = 0;
    while i < 8 {
        let v = u64::from(state[i]);
        let x = v >> 16 | (v & 0xffff) << 32;
        let x = (x >> 8 & LOW_BYTES) | (x & LOW_BYTES) << 16;
        let x = (x >> 4 & LOW_NIBBLES) | (x & LOW_NIBBLES) << 8;
        let above_nine = (x + 6 * ONES) >> 4 & ONES;
        let digits = (x + 0x30 * ONES + 0x27 * above_nine).to_le_bytes();
        // One 8-byte store (a byte loop stays a loop in the size-first build).
        if let Some((chunk, _)) = out[8 * i..].split_first_chunk_mut::<8>() {
            *chunk = digits;
        }
        i += 1;
    }
}

/// `s` lowercased into `out` when it is 32 or 64 hex digits (an MD5 or SHA-256 hex digest);
/// returns its length.
pub fn hex_digest_into(s: &str, out: &mut [u8; HEX_LEN]) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() != HEX_LEN && b.len() != HEX_LEN / 2 {
        return None;
    }
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_hexdigit() {
            return None;
        }
        out[i] = b[i].to_ascii_lowercase();
        i += 1;
    }
    Some(b.len())
}

/// ASCII bytes (hex digits) as a `String`.
pub(crate) fn ascii_string(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_equals_one_shot_across_block_boundaries() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 299, 300] {
            let mut h = Sha256::new();
            h.update(&data[..split]);
            h.update(&data[split..]);
            assert_eq!(h.finalize(), sha256(&data), "split at {split}");
        }
    }

    #[test]
    fn hex_into_a_buffer_equals_hex_for_every_padding_length() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 31 + 7) as u8).collect();
        for n in 0..data.len() {
            let mut out = [0; HEX_LEN];
            sha256_hex_into(&data[..n], &mut out);
            assert_eq!(ascii_string(&out), hex(&sha256(&data[..n])), "length {n}");
        }
    }

    #[test]
    fn hashing_the_lowercase_on_the_way_in_equals_hashing_a_lowercase_copy() {
        let data: Vec<u8> = (0..300u32).map(|i| b"AbCz@.Q9_"[i as usize % 9]).collect();
        for n in [0, 1, 26, 55, 56, 63, 64, 65, 119, 120, 200, 300] {
            let (mut a, mut b) = ([0; HEX_LEN], [0; HEX_LEN]);
            sha256_ascii_lowercase_hex_into(&data[..n], &mut a);
            sha256_hex_into(&data[..n].to_ascii_lowercase(), &mut b);
            assert_eq!(a, b, "length {n}");
        }
    }

    #[test]
    fn hex_digests_are_recognised_and_lowercased() {
        let md5 = "900150983CD24FB0D6963F7D28E17F72";
        let mut out = [0; HEX_LEN];
        assert_eq!(hex_digest_into(md5, &mut out), Some(32));
        assert_eq!(ascii_string(&out[..32]), md5.to_ascii_lowercase());
        let sha = sha256_hex(b"x").to_uppercase();
        assert_eq!(hex_digest_into(&sha, &mut out), Some(64));
        assert_eq!(ascii_string(&out), sha.to_lowercase());
        for bad in [
            "",
            "abc",
            &md5[1..],
            &format!("{md5}0"),
            &md5.replace('9', "g"),
        ] {
            assert_eq!(hex_digest_into(bad, &mut out), None, "{bad}");
        }
    }
}
