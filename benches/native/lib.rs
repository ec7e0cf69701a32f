//! Empty: this crate only carries the native criterion benches (`benches/core.rs` here).
