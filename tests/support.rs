//! Helpers for end-to-end tests: build and locate the `kiln` binary, run it, find fixtures.

pub mod json;
pub mod lsp_client;

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
        // Benchmarks point at a release build.
        if let Some(bin) = std::env::var_os("KILN_BIN") {
            return PathBuf::from(bin);
        }
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

/// Runs `kiln` with arguments from a directory (relative to the repository root), feeding
/// `stdin` when given.
pub fn kiln_in(dir: &str, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(kiln_bin())
        .args(args)
        .current_dir(root().join(dir))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cannot run kiln");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("kiln did not finish")
}

/// Standard error as a string.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Replaces the digits after each `key` (e.g. `"duration":`) with `N`, for snapshots of
/// output that contains timings.
pub fn mask_number(text: &str, key: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i + key.len()]);
        rest = &rest[i + key.len()..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push('N');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}
