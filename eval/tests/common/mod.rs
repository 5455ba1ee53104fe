//! Helpers shared by the Wasm bridge tests.

use std::path::Path;

/// The path of a module in `fixtures/wasm/`.
pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/wasm")
        .join(name)
        .to_string_lossy()
        .into_owned()
}
