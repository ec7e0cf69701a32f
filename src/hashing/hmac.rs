//! HMAC-SHA-256 (RFC 2104) for re-keying identifiers with a secret at the edge.
//! Invariant: returns only the 64-char lowercase hex MAC, never the key or the message.

use super::sha256::{hex, sha256, Sha256, BLOCK_LEN, DIGEST_LEN};

/// The shortest key `pseudonymize` should be given (and the edge's pepper must have), in bytes.
pub const MIN_KEY_BYTES: usize = 16;

/// The HMAC-SHA-256 of `msg` under `key`.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; DIGEST_LEN] {
    let mut k = [0u8; BLOCK_LEN];
    if key.len() > BLOCK_LEN {
        k[..DIGEST_LEN].copy_from_slice(&sha256(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |x: u8| {
        let mut h = Sha256::new();
        h.update(&k.map(|b| b ^ x));
        h
    };
    let mut inner = pad(0x36);
    inner.update(msg);
    let mut outer = pad(0x5c);
    outer.update(&inner.finalize());
    outer.finalize()
}

/// The HMAC-SHA-256 of `msg` under `key` as 64 lowercase hex digits.
pub fn hmac_sha256_hex(key: &[u8], msg: &[u8]) -> String {
    hex(&hmac_sha256(key, msg))
}

/// Re-keys an (already hashed) identifier with the edge secret: the HMAC hex of `value`.
pub fn pseudonymize(value: &str, key: &[u8]) -> String {
    hmac_sha256_hex(key, value.as_bytes())
}
