//! SARIF 2.1.0 output (for GitHub code scanning and other SARIF consumers): one run, the
//! rules kiln reported with their documentation, and one result per diagnostic.

use std::collections::BTreeSet;

use super::json_str;
use crate::lint::driver::LintReport;
use crate::lint::{Level, registry};

pub fn render(report: &LintReport) -> String {
    let codes: BTreeSet<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    let codes: Vec<&str> = codes.into_iter().collect();
    let rules: Vec<String> = codes
        .iter()
        .map(|c| {
            let (summary, doc) = registry::find(c).map(|r| (r.summary(), r.doc())).unwrap_or_default();
            format!(
                "{{\"id\":{},\"name\":{},\"shortDescription\":{{\"text\":{}}},\"fullDescription\":{{\"text\":{}}},\"help\":{{\"text\":{}}}}}",
                json_str(c),
                json_str(c),
                json_str(&summary),
                json_str(&summary),
                json_str(&doc)
            )
        })
        .collect();
    let results: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            let level = match d.level {
                Level::Error => "error",
                Level::Warning => "warning",
                _ => "note",
            };
            let idx = codes.iter().position(|c| *c == d.code).unwrap_or(0);
            format!(
                "{{\"ruleId\":{},\"ruleIndex\":{idx},\"level\":\"{level}\",\"message\":{{\"text\":{}}},\"locations\":[{{\"physicalLocation\":{{\"artifactLocation\":{{\"uri\":{}}},\"region\":{{\"startLine\":{},\"startColumn\":{},\"endLine\":{},\"endColumn\":{}}}}}}}]}}",
                json_str(d.code),
                json_str(&d.message),
                json_str(&d.file.replace('\\', "/")),
                d.line,
                d.col,
                d.end_line,
                d.end_col
            )
        })
        .collect();
    format!(
        "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{{\"name\":\"kiln\",\"version\":{},\"informationUri\":\"https://example.invalid/kiln\",\"rules\":[{}]}}}},\"results\":[{}]}}]}}\n",
        json_str(env!("CARGO_PKG_VERSION")),
        rules.join(","),
        results.join(",")
    )
}
