//! EDN output, the same data as the JSON format with keywords:
//! `{:findings [{:type :unused-binding, :filename "…", :row 1, …}], :summary {…}}`.

use crate::diagnostic::Summary;
use crate::lint::driver::LintReport;

fn edn_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn render(report: &LintReport) -> String {
    let findings: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{{:type :{}, :filename {}, :row {}, :col {}, :end-row {}, :end-col {}, :level :{}, :message {}}}",
                d.code,
                edn_str(&d.file),
                d.line,
                d.col,
                d.end_line,
                d.end_col,
                d.level,
                edn_str(&d.message)
            )
        })
        .collect();
    let s = Summary::of(&report.diagnostics);
    format!(
        "{{:findings [{}],\n :summary {{:error {}, :warning {}, :info {}, :files {}, :duration {}}}}}\n",
        findings.join("\n            "),
        s.errors,
        s.warnings,
        s.infos,
        report.files,
        report.duration.as_millis()
    )
}
