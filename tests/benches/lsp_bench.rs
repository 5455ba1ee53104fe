//! Language-server benchmark (run by `scripts/bench-lsp.sh` against a release build):
//! the Debian corpus as the workspace and `clojure/core.clj` open, as an editor would.
//! Measures the time from `initialize` to the end of indexing, p50/p99 latencies of hover,
//! definition, completion and references at symbols of core.clj, `didChange` → diagnostics
//! for one-character edits, and the server's peak RSS. Prints a Markdown table.

use std::path::PathBuf;
use std::time::Instant;

use kiln_e2e::lsp_client::LspClient;
use serde_json::{Value, json};

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

/// Symbols of core.clj at which to ask (`(name` call heads spread over the file).
fn sample_positions(text: &str, n: usize) -> Vec<(String, Value)> {
    let mut heads = Vec::new();
    for (i, _) in text.match_indices("(") {
        let rest = &text[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || "-*?!<>=+_./".contains(*c))
            .collect();
        const SPECIAL: &[&str] = &[
            "def",
            "let*",
            "fn*",
            "loop*",
            "recur",
            "quote",
            "var",
            "throw",
            "try",
            "catch",
            "finally",
            "set!",
            "new",
            "case*",
            "letfn*",
            "monitor-enter",
            "monitor-exit",
        ];
        if name.len() >= 3 && !name.starts_with('.') && !SPECIAL.contains(&name.as_str()) {
            heads.push((i + 1, name));
        }
    }
    let step = (heads.len() / n).max(1);
    heads
        .into_iter()
        .step_by(step)
        .take(n)
        .map(|(at, name)| {
            let before = &text[..at];
            let line = before.matches('\n').count();
            let col = before.rsplit('\n').next().unwrap().encode_utf16().count();
            (name, json!({"line": line, "character": col + 1}))
        })
        .collect()
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.corpus");
    assert!(root.exists(), "run scripts/fetch-corpus.sh first");
    let core = root.join("libclojure-java/clojure/core.clj");
    let text = std::fs::read_to_string(&core).unwrap();

    let t0 = Instant::now();
    let (mut c, _) = LspClient::start(&root, json!({}), json!({}));
    let end = c.wait_indexed();
    let message = end["value"]["message"].as_str().unwrap_or("").to_string();
    let files: String = message.split_whitespace().nth(2).unwrap_or("?").to_string();
    let index_s = t0.elapsed().as_secs_f64();
    let u = c.open_text(&std::fs::canonicalize(&core).unwrap(), &text);
    c.diagnostics(&u, Some(1));

    let positions = sample_positions(&text, 300);
    let mut lat: Vec<(&str, Vec<f64>)> = Vec::new();
    for (method, n) in [
        ("textDocument/hover", 300),
        ("textDocument/definition", 300),
        ("textDocument/completion", 300),
        ("textDocument/references", 100),
    ] {
        let mut v = Vec::new();
        let mut answered = 0;
        let mut empty = Vec::new();
        for (name, pos) in positions.iter().take(n) {
            let mut params = json!({"textDocument": {"uri": u}, "position": pos});
            if method == "textDocument/references" {
                params["context"] = json!({"includeDeclaration": true});
            }
            let t = Instant::now();
            let r = c.request(method, params);
            v.push(t.elapsed().as_secs_f64() * 1000.0);
            if !r.is_null() && r != json!([]) {
                answered += 1;
            } else {
                empty.push(name.as_str());
            }
        }
        // A fast empty answer proves nothing: most of these symbols resolve (the rest are
        // host interop, or text in docstrings and comments that the sampler picked up).
        assert!(
            answered * 10 >= n * 7,
            "{method}: only {answered}/{n} non-empty answers; empty at {empty:?}"
        );
        lat.push((method, v));
    }

    // One-character edits inside function bodies, each waited for.
    let mut edits = Vec::new();
    let mut version = 1;
    for (_, pos) in positions.iter().step_by(6).take(50) {
        version += 1;
        let t = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version}, "contentChanges": [{"range": {"start": pos, "end": pos}, "text": " "}]}),
        );
        c.diagnostics(&u, Some(version));
        edits.push(t.elapsed().as_secs_f64() * 1000.0);
        // Undo it, so every edit is a one-character change of the original text.
        version += 1;
        let end = json!({"line": pos["line"], "character": pos["character"].as_u64().unwrap() + 1});
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": version}, "contentChanges": [{"range": {"start": pos, "end": end}, "text": ""}]}),
        );
        c.diagnostics(&u, Some(version));
    }
    let rss = peak_rss_mb(&c);
    println!(
        "| what ({} files, clojure/core.clj open) | p50 | p99 |",
        files
    );
    println!("|---|---|---|");
    println!("| initialize → index complete | {index_s:.2} s | |");
    for (m, mut v) in lat {
        let p50 = percentile(&mut v, 0.5);
        let p99 = percentile(&mut v, 0.99);
        println!(
            "| {} ({} requests) | {p50:.2} ms | {p99:.2} ms |",
            m.trim_start_matches("textDocument/"),
            v.len()
        );
    }
    let p50 = percentile(&mut edits, 0.5);
    let p99 = percentile(&mut edits, 0.99);
    println!(
        "| didChange → publishDiagnostics, one character ({} edits) | {p50:.1} ms | {p99:.1} ms |",
        edits.len()
    );
    println!("| peak RSS of the server | {rss:.0} MB | |");
}

fn peak_rss_mb(c: &LspClient) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", c.pid())).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}
