//! Names the script tag's build for `cfg`: `page_host` is wasm32 in a browser without the npm
//! package's free functions (`exports`), the one build that borrows the host's functions
//! (`src/host.rs`) instead of shipping them.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(page_host)");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    if env("CARGO_CFG_TARGET_ARCH") == "wasm32"
        && env("CARGO_CFG_TARGET_OS") == "unknown"
        && std::env::var_os("CARGO_FEATURE_EXPORTS").is_none()
    {
        println!("cargo::rustc-cfg=page_host");
    }
}
