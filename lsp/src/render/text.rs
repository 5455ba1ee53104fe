//! Text output: `file:line:col: level: message [code]`, then a summary line.

use crate::diagnostic::Summary;
use crate::lint::driver::LintReport;

pub fn render(report: &LintReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&format!(
            "{}:{}:{}: {}: {} [{}]\n",
            d.file, d.line, d.col, d.level, d.message, d.code
        ));
    }
    let s = Summary::of(&report.diagnostics);
    out.push_str(&format!(
        "linting took {}ms, {} files, errors: {}, warnings: {}, info: {}\n",
        report.duration.as_millis(),
        report.files,
        s.errors,
        s.warnings,
        s.infos
    ));
    out
}
