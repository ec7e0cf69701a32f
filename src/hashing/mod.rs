//! Identity hashing: SHA-256 and HMAC in plain Rust, and per-vendor normalization of emails,
//! phones and address fields before hashing. Invariant: the public hash functions never return a
//! raw email, phone or name, only lowercase hex digests (or an error with a stable code).

mod email;
mod fields;
mod hmac;
mod phone;
mod profile;
mod region;
mod sha256;
mod text;

pub use email::{hash_email, hash_email_into, normalize_email};
pub use fields::{normalize_and_hash, normalize_and_hash_into};
pub use hmac::{hmac_sha256, hmac_sha256_hex, pseudonymize, MIN_KEY_BYTES};
pub use phone::{hash_phone, hash_phone_into, normalize_phone};
pub use profile::Profile;
pub use region::{is_supported_country, to_e164};
pub use sha256::{
    hex, hex_digest_into, sha256, sha256_hex, sha256_hex_into, Sha256, BLOCK_LEN, DIGEST_LEN,
    HEX_LEN,
};
