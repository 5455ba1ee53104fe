//! Output formats for diagnostics, one file each: `text`, `json` (clj-kondo's shape), `edn`,
//! `sarif` (2.1.0) and `github` (workflow commands that annotate pull requests).

pub mod edn;
pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use crate::lint::driver::LintReport;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Edn,
    Sarif,
    Github,
}

/// Renders a report in a format.
pub fn render(format: Format, report: &LintReport) -> String {
    match format {
        Format::Text => text::render(report),
        Format::Json => json::render(report),
        Format::Edn => edn::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
    }
}

/// A JSON string literal.
pub fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
