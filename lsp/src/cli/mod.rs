//! The subcommands of `kiln`, one module each.

pub mod eval;
pub mod lint;
pub mod parse;
pub mod repl;
pub mod test;

use std::io::Read;

use anyhow::Context;

/// Reads a source file, or standard input for `-`.
pub fn read_source(path: &str) -> anyhow::Result<String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
        return Ok(text);
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
    String::from_utf8(bytes).with_context(|| format!("{path} is not valid UTF-8"))
}
