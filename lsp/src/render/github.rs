//! GitHub Actions workflow commands: one `::error file=…,line=…,col=…,endLine=…,endColumn=…,
//! title=…::message` line per diagnostic, which GitHub shows as annotations on the diff.

use crate::lint::Level;
use crate::lint::driver::LintReport;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &LintReport) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let cmd = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
            _ => "notice",
        };
        out.push_str(&format!(
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_prop(&d.file),
            d.line,
            d.col,
            d.end_line,
            d.end_col,
            escape_prop(&format!("kiln {}", d.code)),
            escape_data(&d.message)
        ));
    }
    out
}
