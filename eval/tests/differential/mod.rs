//! Shared by the differential test suites (`goldens.rs`, `libs.rs`): how kiln's result of
//! one expression is written to compare with JVM Clojure's golden line.

use eval::{EvalError, Runtime};

/// `=> printed value` or `throws Class`, as `scripts/jvm-eval-cases.clj` writes JVM results.
pub fn kiln_result(rt: &Runtime, expr: &str) -> String {
    match rt.eval_str(expr, "<golden>") {
        Ok(v) => format!("=> {}", rt.pr_str(&v)),
        Err(EvalError::Exception { class, cause, .. }) => {
            // Compile errors wrap their cause; the goldens record the cause's class.
            match (class.as_str(), cause) {
                ("clojure.lang.Compiler$CompilerException", Some(cause)) => {
                    format!("throws {cause}")
                }
                _ => format!("throws {class}"),
            }
        }
        Err(EvalError::Read { .. }) => "throws java.lang.RuntimeException".to_string(),
        Err(e) => format!("error {e}"),
    }
}

/// Identity-printed objects (`#object[clojure.lang.MultiFn 0x1f "…"]`) differ in class and
/// address between runtimes; only their being opaque objects is compared.
pub fn opaque(printed: &str) -> String {
    let mut out = String::new();
    let mut rest = printed;
    while let Some(at) = rest.find("#object[") {
        out.push_str(&rest[..at]);
        out.push_str("#object[…]");
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest[at..].char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
