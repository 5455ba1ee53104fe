//! Helpers for end-to-end tests: build and locate the `kiln` binary, run it, find fixtures.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A path under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// The `kiln` binary, built (once per test process) from the current sources with the same
/// profile as the tests, so a stale binary can never be tested.
pub fn kiln_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-q", "-p", "lsp", "--bin", "kiln"])
            .current_dir(root())
            .status()
            .expect("cannot run cargo build");
        assert!(status.success(), "building kiln failed");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target"));
        let bin = target
            .join("debug")
            .join(format!("kiln{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} not found after building", bin.display());
        bin
    })
    .clone()
}

/// Runs `kiln` with arguments from the repository root.
pub fn kiln(args: &[&str]) -> Output {
    Command::new(kiln_bin())
        .args(args)
        .current_dir(root())
        .output()
        .expect("cannot run kiln")
}

/// Standard output as a string.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
