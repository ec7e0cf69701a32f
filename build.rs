//! Names the page builds for `cfg`: `page_host` is wasm32 in a browser without the edge
//! collector (the script tag's lean build and the npm package's ES module), the builds that
//! borrow the host's functions (`src/host.rs`) instead of shipping them.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(page_host)");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    if env("CARGO_CFG_TARGET_ARCH") == "wasm32"
        && env("CARGO_CFG_TARGET_OS") == "unknown"
        && std::env::var_os("CARGO_FEATURE_EDGE").is_none()
    {
        println!("cargo::rustc-cfg=page_host");
    }
}
