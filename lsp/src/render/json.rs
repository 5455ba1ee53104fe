//! JSON output in clj-kondo's shape, so existing CI tooling keeps working:
//! `{"findings": [{"type", "filename", "row", "col", "end-row", "end-col", "level",
//! "message"}], "summary": {"error", "warning", "info", "files", "duration"}}`.

use super::json_str;
use crate::diagnostic::Summary;
use crate::lint::driver::LintReport;

pub fn render(report: &LintReport) -> String {
    let findings: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{{\"type\":{},\"filename\":{},\"row\":{},\"col\":{},\"end-row\":{},\"end-col\":{},\"level\":{},\"message\":{}}}",
                json_str(d.code),
                json_str(&d.file),
                d.line,
                d.col,
                d.end_line,
                d.end_col,
                json_str(d.level.as_str()),
                json_str(&d.message)
            )
        })
        .collect();
    let s = Summary::of(&report.diagnostics);
    format!(
        "{{\"findings\":[{}],\"summary\":{{\"error\":{},\"warning\":{},\"info\":{},\"files\":{},\"duration\":{}}}}}\n",
        findings.join(","),
        s.errors,
        s.warnings,
        s.infos,
        report.files,
        report.duration.as_millis()
    )
}
