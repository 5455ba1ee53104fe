//! `kiln lsp` driven over JSON-RPC as an editor drives it: initialize and capabilities,
//! indexing with progress, diagnostics (push and pull), hover, completion, signature help,
//! navigation, rename, symbols, folding and selection ranges, eval with interrupt and
//! macroexpansion, robustness (edit bursts, malformed messages, huge and deeply nested
//! files), and a clean shutdown.

use std::time::{Duration, Instant};

use kiln_e2e::fixture;
use kiln_e2e::lsp_client::{LspClient, pos_of, uri};
use serde_json::{Value, json};

fn editor() -> (LspClient, Value) {
    LspClient::start(&fixture("projects/editor"), json!({}), json!({}))
}

fn core_text() -> String {
    std::fs::read_to_string(fixture("projects/editor/src/app/core.clj")).unwrap()
}

fn at(uri: &str, pos: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos})
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d["range"]["start"]["line"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn initialize_index_and_diagnostics() {
    let (mut c, init) = editor();
    let caps = &init["capabilities"];
    assert_eq!(
        caps["positionEncoding"], "utf-16",
        "UTF-16 unless the client offers UTF-8"
    );
    for cap in [
        "hoverProvider",
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "signatureHelpProvider",
        "foldingRangeProvider",
        "selectionRangeProvider",
    ] {
        assert!(!caps[cap].is_null(), "missing capability {cap}");
    }
    let end = c.wait_indexed();
    assert!(
        end["value"]["message"]
            .as_str()
            .unwrap()
            .contains("indexed 3 files"),
        "{end}"
    );
    let u = c.open("src/app/core.clj");
    let diags = c.diagnostics(&u, Some(1));
    assert_eq!(
        codes(&diags),
        [
            "15:invalid-arity app.util/add is called with 1 arg but expects 2",
            "19:unresolved-symbol Unresolved symbol: undefined-thing",
        ]
    );
    assert_eq!(diags[0]["source"], "kiln");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(c.shutdown().code(), Some(0), "exit after shutdown is clean");
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let (mut c, init) = LspClient::start(
        &fixture("projects/editor"),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let path = c.root.join("src/app/scratch_utf8.clj");
    // `é` is 2 bytes in UTF-8 and 1 unit in UTF-16: the diagnostic column shows which.
    let u = c.open_text(&path, "(ns app.scratch-utf8)\n(def s \"é\") (inc nope)\n");
    let diags = c.diagnostics(&u, Some(1));
    let d = diags
        .iter()
        .find(|d| d["code"] == "unresolved-symbol")
        .expect("unresolved nope");
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 18}));
}

#[test]
fn hover_completion_signature_help() {
    let (mut c, _) = editor();
    c.wait_indexed();
    let u = c.open("src/app/core.clj");
    let text = core_text();
    let hover = c.request("textDocument/hover", at(&u, pos_of(&text, "u/greet", 0, 3)));
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**app.util/greet** — function"), "{md}");
    assert!(md.contains("Returns a greeting for `name`."), "{md}");
    assert!(md.contains("[name]"), "{md}");
    assert!(md.contains("src/app/util.clj:4"), "{md}");
    let hover = c.request("textDocument/hover", at(&u, pos_of(&text, "reduce", 0, 1)));
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("**clojure.core/reduce**")
            && md.contains("f should be a function of 2 arguments"),
        "{md}"
    );
    let hover = c.request(
        "textDocument/hover",
        at(&u, pos_of(&text, "doubled undefined", 0, 1)),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("local `doubled`, bound on line 19")
    );

    // Completion after an alias lists the namespace's public vars.
    let path = c.root.join("src/app/core.clj");
    let edited = text.replace("(u/add 1))", "(u/ad 1))");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    let list = c.request(
        "textDocument/completion",
        at(&u, pos_of(&edited, "u/ad 1", 0, 4)),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"u/add"), "{labels:?}");
    assert!(
        !labels.contains(&"u/greet"),
        "filtered by the prefix: {labels:?}"
    );
    // Plain prefix: locals, project vars and core vars.
    let list = c.request(
        "textDocument/completion",
        at(&u, pos_of(&edited, "doubled undefined", 0, 3)),
    );
    let items = list["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels.first(), Some(&"doubled"), "locals first: {labels:?}");
    assert!(
        labels.contains(&"double") && labels.contains(&"doubles"),
        "{labels:?}"
    );
    // Resolve fills in documentation.
    let double = items
        .iter()
        .find(|i| i["label"] == "double")
        .unwrap()
        .clone();
    let resolved = c.request("completionItem/resolve", double);
    assert!(
        resolved["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("Coerce to double"),
        "{resolved}"
    );
    // Wasm export names inside (wasm/call m "…").
    let list = c.request(
        "textDocument/completion",
        at(&u, pos_of(&edited, "\"add\" x 3", 0, 1)),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["add", "mul"]);
    let _ = path;
    // Hover on an export name shows its signature from the module.
    let hover = c.request(
        "textDocument/hover",
        at(&u, pos_of(&edited, "\"add\" x 3", 0, 2)),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("(i32, i32) -> i32"),
        "{hover}"
    );
    // Namespaces inside (:require …), keywords seen in the project.
    let req = edited.replacen(
        "[clojure.string :as str]",
        "[clojure.string :as str]\n            [app.u",
        1,
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": req}]}),
    );
    let list = c.request(
        "textDocument/completion",
        at(&u, pos_of(&req, "[app.u", 0, 6)),
    );
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["app.util"]);
    let kw = edited.replace("(def answer", "(def kw :ki)\n(def answer");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 4}, "contentChanges": [{"text": kw}]}),
    );
    let list = c.request("textDocument/completion", at(&u, pos_of(&kw, ":ki)", 0, 3)));
    let labels: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&":kind"),
        "keywords from other files: {labels:?}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 5}, "contentChanges": [{"text": edited}]}),
    );

    // Signature help: the second argument of reduce's 3-arity.
    let sig = c.request(
        "textDocument/signatureHelp",
        at(&u, pos_of(&edited, "u/add 0 xs", 0, 6)),
    );
    let active = sig["activeSignature"].as_u64().unwrap() as usize;
    assert_eq!(
        sig["signatures"][active]["label"],
        "(clojure.core/reduce f val coll)"
    );
    assert_eq!(sig["activeParameter"], 1);
}

#[test]
fn navigation_symbols_and_rename() {
    let (mut c, _) = editor();
    c.wait_indexed();
    let u = c.open("src/app/core.clj");
    let text = core_text();
    let util_uri = uri(&c.root.join("src/app/util.clj"));
    let def = c.request(
        "textDocument/definition",
        at(&u, pos_of(&text, "u/greet", 0, 4)),
    );
    assert_eq!(def[0]["uri"], util_uri.as_str());
    assert_eq!(def[0]["range"]["start"], json!({"line": 3, "character": 6}));
    // A local goes to its binding.
    let def = c.request(
        "textDocument/definition",
        at(&u, pos_of(&text, "doubled undefined", 0, 0)),
    );
    assert_eq!(
        def[0]["range"]["start"],
        json!({"line": 18, "character": 8})
    );

    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": u}, "position": pos_of(&text, "u/add 0", 0, 3), "context": {"includeDeclaration": true}}),
    );
    let mut found: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}:{}",
                l["uri"].as_str().unwrap().rsplit('/').next().unwrap(),
                l["range"]["start"]["line"]
            )
        })
        .collect();
    found.sort();
    assert_eq!(found, ["core.clj:10", "core.clj:15", "util.clj:8"]);

    let hl = c.request(
        "textDocument/documentHighlight",
        at(&u, pos_of(&text, "doubled", 0, 0)),
    );
    assert_eq!(hl.as_array().unwrap().len(), 2);

    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(syms[0]["name"], "app.core");
    let names: Vec<&str> = syms[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["shout", "total", "answer", "broken", "lucky", "m", "sum3"]
    );
    let ws = c.request("workspace/symbol", json!({"query": "grt"}));
    assert_eq!(ws[0]["name"], "greet", "fuzzy match");
    assert_eq!(ws[0]["containerName"], "app.util");

    let prep = c.request(
        "textDocument/prepareRename",
        at(&u, pos_of(&text, "u/greet", 0, 4)),
    );
    assert_eq!(
        prep["start"]["character"].as_u64().unwrap() + 7,
        prep["end"]["character"].as_u64().unwrap() + 2,
        "only the name part: {prep}"
    );
    let edit = c.request("textDocument/rename", json!({"textDocument": {"uri": u}, "position": pos_of(&text, "u/greet", 0, 4), "newName": "welcome"}));
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes[&u].as_array().unwrap().len(), 1);
    assert_eq!(changes[util_uri.as_str()].as_array().unwrap().len(), 1);
    assert_eq!(changes[&u][0]["newText"], "welcome");
    // An alias: its definition and every `u/…` in the file.
    let edit = c.request("textDocument/rename", json!({"textDocument": {"uri": u}, "position": pos_of(&text, "u/greet", 0, 0), "newName": "util"}));
    let edits = edit["changes"][u.as_str()].as_array().unwrap();
    let mut lines: Vec<u64> = edits
        .iter()
        .map(|e| e["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    lines.sort();
    assert_eq!(lines, [1, 7, 10, 15], "{edit}");
    assert!(edits.iter().all(|e| e["newText"] == "util"
        && e["range"]["end"]["character"].as_u64().unwrap()
            - e["range"]["start"]["character"].as_u64().unwrap()
            == 1));
    // Core vars cannot be renamed.
    let id = c.request_async(
        "textDocument/prepareRename",
        at(&u, pos_of(&text, "reduce", 0, 1)),
    );
    let resp = c.response(id, Duration::from_secs(10));
    assert!(
        resp["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not defined in this project")
    );

    let folds = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(
        folds
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["startLine"] == 0 && f["endLine"] == 2),
        "ns form folds"
    );
    let sel = c.request("textDocument/selectionRange", json!({"textDocument": {"uri": u}, "positions": [pos_of(&text, "doubled undefined", 0, 2)]}));
    let mut depth = 0;
    let mut s = &sel[0];
    while !s.is_null() {
        depth += 1;
        s = &s["parent"];
    }
    assert!(depth >= 4, "symbol, (+ …), (let …), (defn …), file: {sel}");
}

#[test]
fn edits_update_diagnostics_and_dependants() {
    let (mut c, _) = editor();
    c.wait_indexed();
    let u = c.open("src/app/core.clj");
    let text = core_text();
    assert_eq!(c.diagnostics(&u, Some(1)).len(), 2);
    // Fix the arity with an incremental edit: `(u/add 1)` → `(u/add 1 2)`.
    let p = pos_of(&text, "(u/add 1)", 0, 8);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": {"start": p, "end": p}, "text": " 2"}]}),
    );
    let diags = c.diagnostics(&u, Some(2));
    assert_eq!(
        codes(&diags),
        ["19:unresolved-symbol Unresolved symbol: undefined-thing"]
    );
    // Change `add` to take three args in util.clj (open in the editor): core.clj is re-checked.
    let util_path = c.root.join("src/app/util.clj");
    let util = std::fs::read_to_string(&util_path).unwrap();
    let uu = c.open_text(&util_path, &util);
    c.diagnostics(&uu, Some(1));
    let edited = util.replace("[a b]\n  (+ a b)", "[a b c]\n  (+ a b c)");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uu, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    // core.clj is re-published with the new arity (earlier publications may come first).
    c.wait_for(
        "textDocument/publishDiagnostics",
        Duration::from_secs(30),
        |p| {
            p["uri"] == u.as_str()
                && p["diagnostics"].as_array().is_some_and(|ds| {
                    ds.iter().any(|d| {
                        d["message"]
                            .as_str()
                            .unwrap_or("")
                            .contains("app.util/add is called with 2 args but expects 3")
                    })
                })
        },
    );
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them() {
    let (mut c, _) = LspClient::start(
        &fixture("projects/editor"),
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        json!({}),
    );
    let u = c.open("src/app/core.clj");
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    assert!(
        items.iter().any(|d| d["code"] == "unresolved-symbol"),
        "{report}"
    );
    assert!(
        !c.inbox
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "no push in pull mode"
    );
}

#[test]
fn eval_interrupt_and_macroexpand() {
    let (mut c, _) = editor();
    let u = c.open("src/app/core.clj");
    let text = core_text();
    let r = c.request("kiln/eval", json!({"textDocument": {"uri": u}, "position": pos_of(&text, "(defn total", 0, 3), "mode": "topLevel"}));
    assert_eq!(r["value"], "#'app.core/total", "{r}");
    let r = c.request("kiln/eval", json!({"textDocument": {"uri": u}, "position": pos_of(&text, "(total [1 2 3])", 0, 15), "mode": "currentForm"}));
    assert_eq!(r["value"], "6", "{r}");
    assert_eq!(r["range"]["start"], json!({"line": 12, "character": 12}));
    // The required namespace was loaded on demand.
    let r = c.request("kiln/eval", json!({"textDocument": {"uri": u}, "position": pos_of(&text, "(u/greet s)", 0, 11), "mode": "currentForm"}));
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Unable to resolve symbol: s"),
        "{r}"
    );
    assert_eq!(r["error"]["range"]["start"]["line"], 7);

    // Output is captured; errors carry the file's positions.
    let scratch = c.root.join("src/app/scratch_eval.clj");
    let code =
        "(ns app.scratch-eval)\n(println \"hi\")\n(range 100000)\n(loop [] (recur))\n(/ 1 0)\n";
    let s = c.open_text(&scratch, code);
    let r = c.request("kiln/eval", json!({"textDocument": {"uri": s}, "position": {"line": 1, "character": 2}, "mode": "topLevel"}));
    assert_eq!(
        (r["value"].as_str(), r["out"].as_str()),
        (Some("nil"), Some("hi\n"))
    );
    let r = c.request("kiln/eval", json!({"textDocument": {"uri": s}, "position": {"line": 2, "character": 2}, "mode": "topLevel"}));
    let id = r["truncated"].as_u64().expect("long values are capped");
    assert!(r["value"].as_str().unwrap().chars().count() <= 10_001);
    let full = c.request("kiln/fullValue", json!({"id": id}));
    assert!(full.as_str().unwrap().ends_with("99999)"));
    let r = c.request("kiln/eval", json!({"textDocument": {"uri": s}, "position": {"line": 4, "character": 2}, "mode": "topLevel"}));
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Divide by zero"),
        "{r}"
    );
    assert_eq!(r["error"]["range"]["start"]["line"], 4);

    // An infinite loop: other requests are answered meanwhile; kiln/interrupt stops it.
    let id = c.request_async("kiln/eval", json!({"textDocument": {"uri": s}, "position": {"line": 3, "character": 2}, "mode": "topLevel"}));
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(syms.is_array());
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "a running eval does not block requests"
    );
    let t = Instant::now();
    assert_eq!(c.request("kiln/interrupt", json!({})), true);
    let r = c.response(id, Duration::from_secs(10));
    let stopped = t.elapsed();
    assert!(
        r["result"]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("interrupted"),
        "{r}"
    );
    eprintln!("interrupt latency: {stopped:?}");
    // $/cancelRequest stops it too.
    let id = c.request_async("kiln/eval", json!({"textDocument": {"uri": s}, "position": {"line": 3, "character": 2}, "mode": "topLevel"}));
    std::thread::sleep(Duration::from_millis(200));
    c.notify("$/cancelRequest", json!({"id": id}));
    let r = c.response(id, Duration::from_secs(10));
    assert_eq!(r["error"]["code"], -32800, "cancelled: {r}");
    // The runtime is free again.
    let r = c.request("kiln/eval", json!({"textDocument": {"uri": s}, "position": {"line": 1, "character": 2}, "mode": "topLevel"}));
    assert_eq!(r["out"], "hi\n");

    let r = c.request("kiln/macroexpand", json!({"textDocument": {"uri": u}, "position": pos_of(&text, "(defn total", 0, 2), "all": false}));
    let exp = r["expansion"].as_str().unwrap();
    assert!(exp.starts_with("(def total"), "{exp}");
    let tree = c.request("kiln/syntaxTree", json!({"textDocument": {"uri": u}}));
    assert!(tree.as_str().unwrap().starts_with("ROOT@0.."), "{tree}");
}

#[test]
fn a_burst_of_edits_leaves_the_same_text() {
    let (mut c, _) = editor();
    let path = c.root.join("src/app/burst.clj");
    let u = c.open_text(&path, "(ns app.burst)\n(def v 1)\n");
    // 1,000 single-character insertions, each after the previous one: order matters.
    let mut name = String::from("v");
    for i in 0..1000 {
        let ch = char::from(b'a' + (i % 26) as u8);
        let col = name.len() + 5;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": i + 2}, "contentChanges": [{"range": {"start": {"line": 1, "character": col}, "end": {"line": 1, "character": col}}, "text": ch.to_string()}]}),
        );
        name.push(ch);
    }
    let t = Instant::now();
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(syms[0]["children"][0]["name"], name.as_str());
    let diags = c.diagnostics(&u, Some(1001));
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn malformed_messages_huge_and_deep_files() {
    let (mut c, _) = editor();
    let u = c.open("src/app/core.clj");
    // Invalid JSON: a parse error response; the server keeps serving.
    c.send_raw(b"Content-Length: 10\r\n\r\n{not json}");
    let err = c.wait_for_error();
    assert_eq!(err["error"]["code"], -32700, "{err}");
    // Unknown method: method not found.
    let id = c.request_async("kiln/noSuchThing", json!({}));
    assert_eq!(
        c.response(id, Duration::from_secs(10))["error"]["code"],
        -32601
    );
    // Bad params: invalid params.
    let id = c.request_async("textDocument/hover", json!({"nope": 1}));
    assert_eq!(
        c.response(id, Duration::from_secs(10))["error"]["code"],
        -32602
    );

    // A 10k-deep nesting and a ~10 MB file.
    let deep = c.root.join("src/app/deep.clj");
    let deep_text = format!(
        "(ns app.deep)\n{}{}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let du = c.open_text(&deep, &deep_text);
    let big = c.root.join("src/app/big.clj");
    let form = "(defn f [x] (let [y (inc x)] (* y y)))\n";
    let big_text = format!(
        "(ns app.big)\n{}",
        form.repeat(10 * 1024 * 1024 / form.len())
    );
    let bu = c.open_text(&big, &big_text);
    let t = Instant::now();
    let hover = c.request(
        "textDocument/hover",
        at(&u, pos_of(&core_text(), "u/greet", 0, 3)),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("greet")
    );
    eprintln!("hover while a 10 MB file is analysed: {:?}", t.elapsed());
    let d = c.diagnostics(&du, None);
    assert!(d.iter().all(|d| d["code"] == "syntax"), "{d:?}");
    // The huge file's own analysis takes long in a debug build; other files are answered
    // meanwhile (a release build analyses it in about a second).
    let t = Instant::now();
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": du}}),
    );
    assert_eq!(syms[0]["name"], "app.deep");
    assert!(t.elapsed() < Duration::from_secs(5));
    let _ = bu;
}

#[test]
fn semantic_tokens_lenses_hints_hierarchy_implementations() {
    let (mut c, _) = LspClient::start(
        &fixture("projects/editor"),
        json!({}),
        json!({"inlayHints": {"parameterNames": true}}),
    );
    c.wait_indexed();
    let u = c.open("src/app/core.clj");
    let text = core_text();
    let doc = json!({"textDocument": {"uri": u}});

    // Semantic tokens: decode and look at a few.
    let toks = c.request("textDocument/semanticTokens/full", doc.clone());
    let data: Vec<u64> = toks["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    let (mut line, mut col) = (0, 0);
    let mut decoded = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            col = 0;
        }
        line += t[0];
        col += t[1];
        let src: String = text
            .lines()
            .nth(line as usize)
            .unwrap()
            .chars()
            .skip(col as usize)
            .take(t[2] as usize)
            .collect();
        decoded.push(format!("{src}:{}:{}", t[3], t[4]));
    }
    // 0 namespace, 2 function, 3 macro, 4 variable, 6 property, 7 string, 11 keyword;
    // modifiers 1 declaration, 2 definition, 4 defaultLibrary.
    for want in [
        "defn:3:4",
        "shout:2:2",
        "u:0:0",
        "greet:2:0",
        "reduce:2:4",
        "xs:4:1",
        "let:3:4",
        "\"wasm/math.wat\":7:0",
        "upper-case:2:4",
    ] {
        assert!(
            decoded.contains(&want.to_string()),
            "{want} not in {decoded:?}"
        );
    }
    // Delta after an edit: one edit, and applying it gives the full result.
    let first_id = toks["resultId"].as_str().unwrap().to_string();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ";; hi\n"}]}),
    );
    let delta = c.request(
        "textDocument/semanticTokens/full/delta",
        json!({"textDocument": {"uri": u}, "previousResultId": first_id}),
    );
    let edits = delta["edits"].as_array().expect("a delta");
    assert_eq!(edits.len(), 1);
    let full = c.request("textDocument/semanticTokens/full", doc.clone());
    let mut patched: Vec<Value> = toks["data"].as_array().unwrap().clone();
    let (start, del) = (
        edits[0]["start"].as_u64().unwrap() as usize,
        edits[0]["deleteCount"].as_u64().unwrap() as usize,
    );
    patched.splice(
        start..start + del,
        edits[0]["data"].as_array().unwrap().iter().cloned(),
    );
    assert_eq!(patched, *full["data"].as_array().unwrap());
    let ranged = c.request("textDocument/semanticTokens/range", json!({"textDocument": {"uri": u}, "range": {"start": {"line": 5, "character": 0}, "end": {"line": 9, "character": 0}}}));
    assert!(ranged["data"].as_array().unwrap().len() < full["data"].as_array().unwrap().len());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": text}]}),
    );

    // Code lenses: reference counts.
    let lenses = c.request("textDocument/codeLens", doc.clone());
    let titles: Vec<String> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}:{}",
                l["range"]["start"]["line"],
                l["command"]["title"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        titles.contains(&"9:1 reference".to_string()),
        "total is used once: {titles:?}"
    );
    assert!(titles.contains(&"4:0 references".to_string()), "{titles:?}");

    // Inlay hints (enabled in the initialization options): parameter names of project fns.
    let hints = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 30, "character": 0}}}));
    let labels: Vec<String> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{}:{}", h["position"]["line"], h["label"].as_str().unwrap()))
        .collect();
    assert!(labels.contains(&"12:xs:".to_string()), "{labels:?}");

    // Call hierarchy: total ← answer; shout → greet.
    let items = c.request(
        "textDocument/prepareCallHierarchy",
        at(&u, pos_of(&text, "(defn total", 0, 7)),
    );
    let incoming = c.request("callHierarchy/incomingCalls", json!({"item": items[0]}));
    assert_eq!(incoming[0]["from"]["name"], "answer");
    let items = c.request(
        "textDocument/prepareCallHierarchy",
        at(&u, pos_of(&text, "(defn shout", 0, 7)),
    );
    let outgoing = c.request("callHierarchy/outgoingCalls", json!({"item": items[0]}));
    let names: Vec<&str> = outgoing
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["to"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["greet"]);

    // Implementations: a multimethod's defmethods, a protocol method's implementations.
    let s = c.open("src/app/shapes.clj");
    let shapes = std::fs::read_to_string(fixture("projects/editor/src/app/shapes.clj")).unwrap();
    let impls = c.request(
        "textDocument/implementation",
        at(&s, pos_of(&shapes, "(describe s)", 0, 2)),
    );
    let lines: Vec<u64> = impls
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [12, 14]);
    let impls = c.request(
        "textDocument/implementation",
        at(&s, pos_of(&shapes, "(area s)", 0, 2)),
    );
    let lines: Vec<u64> = impls
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [8]);
}

#[test]
fn code_actions_fix_and_refactor() {
    let (mut c, _) = editor();
    c.wait_indexed();
    let path = c.root.join("src/app/scratch_actions.clj");
    let text = "(ns app.scratch-actions\n  (:require [clojure.set :as set]\n            [app.util :as u]))\n\n(defn helper [x unused]\n  (str/join \",\" (map inc (filter odd? x))))\n\n(defn- hidden [] (u/greet \"x\"))\n(hidden)\n(-> 1 inc (+ 2))\n(let [a 1 b 2] b)\n";
    let u = c.open_text(&path, text);
    c.diagnostics(&u, Some(1));
    let actions = |c: &mut LspClient, needle: &str, delta: usize| -> Vec<(String, String)> {
        let p = pos_of(text, needle, 0, delta);
        let r = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": p, "end": p}, "context": {"diagnostics": []}}),
        );
        r.as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let edits = a["edit"]["changes"][u.as_str()].as_array().unwrap();
                (
                    a["title"].as_str().unwrap().to_string(),
                    edits[0]["newText"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let find = |acts: &[(String, String)], title: &str| -> String {
        acts.iter()
            .find(|(t, _)| t.starts_with(title))
            .unwrap_or_else(|| panic!("no action {title:?} in {acts:?}"))
            .1
            .clone()
    };
    let a = actions(&mut c, "str/join", 1);
    assert_eq!(
        find(&a, "Add require [clojure.string :as str]"),
        "\n            [clojure.string :as str]"
    );
    assert!(
        find(&a, "Suppress unresolved-namespace")
            .starts_with("#_{:kiln/ignore [:unresolved-namespace]}")
    );
    assert_eq!(
        find(&a, "Thread last (->>)"),
        "(->> x (filter odd?) (map inc) (str/join \",\"))"
    );
    let a = actions(&mut c, "filter odd?", 2);
    assert_eq!(
        find(&a, "Extract function `new-function`"),
        "(defn- new-function [x]\n  (filter odd? x))\n\n"
    );
    assert_eq!(
        find(&a, "Introduce let `new-binding`"),
        "(let [new-binding (filter odd? x)]\n  (map inc new-binding))"
    );
    let a = actions(&mut c, "unused]", 1);
    assert_eq!(find(&a, "Mark `unused` as unused"), "_");
    assert!(
        !a.iter()
            .any(|(t, _)| t.starts_with("Remove unused binding")),
        "a parameter is not removable"
    );
    let a = actions(&mut c, "clojure.set", 1);
    assert_eq!(find(&a, "Remove unused require clojure.set"), "");
    assert_eq!(find(&a, "Clean namespace"), "(:require [app.util :as u])");
    let a = actions(&mut c, "[a 1", 1);
    assert_eq!(find(&a, "Remove unused binding `a`"), "");
    let a = actions(&mut c, "hidden []", 1);
    assert_eq!(find(&a, "Make public"), "defn");
    let a = actions(&mut c, "(-> 1", 1);
    assert_eq!(find(&a, "Unwind ->"), "(+ (inc 1) 2)");
}

#[test]
fn formatting_whole_documents_and_ranges() {
    let (mut c, _) = editor();
    let path = c.root.join("src/app/scratch_fmt.clj");
    let text = "(ns app.scratch-fmt)\n\n(defn f [x]\n(let [y  (inc x)]\n       (* y\n y)))\n\n\n\n(def  z( f 1 ))\n";
    let u = c.open_text(&path, text);
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let formatted = edits[0]["newText"].as_str().unwrap();
    assert_eq!(
        formatted,
        "(ns app.scratch-fmt)\n\n(defn f [x]\n  (let [y  (inc x)]\n    (* y\n       y)))\n\n(def  z (f 1))\n"
    );
    // Range formatting touches only the forms in the range.
    let edits = c.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 9, "character": 0}, "end": {"line": 9, "character": 3}}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], "(def  z (f 1))");
    assert_eq!(edits[0]["range"]["start"]["line"], 9);
    // Broken code is refused, not mangled.
    let bad = c.open_text(&c.root.join("src/app/scratch_bad.clj"), "(defn f [x]\n");
    let id = c.request_async(
        "textDocument/formatting",
        json!({"textDocument": {"uri": bad}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let r = c.response(id, Duration::from_secs(10));
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("syntax errors"),
        "{r}"
    );
}

/// A temporary copy of the editor fixture (for tests that change files on disk).
fn editor_copy(name: &str) -> std::path::PathBuf {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            let dest = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &dest);
            } else {
                std::fs::copy(e.path(), dest).unwrap();
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("kiln-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&fixture("projects/editor"), &dir);
    dir
}

#[test]
fn panics_are_caught_files_change_on_disk_folders_come_and_go() {
    let dir = editor_copy("disk");
    let (mut c, _) = LspClient::start(&dir, json!({}), json!({}));
    c.wait_indexed();
    let u = c.open("src/app/core.clj");
    let text = core_text();
    // A handler that panics: an error response, and the server keeps serving.
    let id = c.request_async("kiln/debug/panic", json!({"textDocument": {"uri": u}}));
    let r = c.response(id, Duration::from_secs(10));
    assert_eq!(r["error"]["code"], -32603, "{r}");
    let hover = c.request("textDocument/hover", at(&u, pos_of(&text, "u/greet", 0, 3)));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Returns a greeting")
    );

    // A file created outside the editor, and a change to one that is not open.
    std::fs::write(
        c.root.join("src/app/extra.clj"),
        "(ns app.extra)\n(defn extra-fn [] 1)\n",
    )
    .unwrap();
    let util = c.root.join("src/app/util.clj");
    let changed = std::fs::read_to_string(&util)
        .unwrap()
        .replace("Returns a greeting for `name`.", "Says hello to `name`.");
    std::fs::write(&util, changed).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&c.root.join("src/app/extra.clj")), "type": 1}, {"uri": uri(&util), "type": 2}]}),
    );
    // The notification is handled in the background: poll for its effect.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let syms = c.request("workspace/symbol", json!({"query": "extra-fn"}));
        let hover = c.request("textDocument/hover", at(&u, pos_of(&text, "u/greet", 0, 3)));
        if syms[0]["name"] == "extra-fn"
            && hover["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("Says hello")
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "changes on disk not picked up: {syms} {hover}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A second workspace folder is indexed when added, and forgotten when removed.
    let other = std::env::temp_dir().join(format!("kiln-lsp-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&other);
    std::fs::create_dir_all(other.join("src/other")).unwrap();
    std::fs::write(other.join("deps.edn"), "{:paths [\"src\"]}\n").unwrap();
    std::fs::write(
        other.join("src/other/lib.clj"),
        "(ns other.lib)\n(defn from-other-folder [] 2)\n",
    )
    .unwrap();
    let other = std::fs::canonicalize(&other).unwrap();
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": uri(&other), "name": "other"}], "removed": []}}),
    );
    c.wait_for("$/progress", Duration::from_secs(30), |p| {
        p["value"]["kind"] == "end"
    });
    let syms = c.request("workspace/symbol", json!({"query": "from-other-folder"}));
    assert_eq!(syms[0]["name"], "from-other-folder");
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [{"uri": uri(&other), "name": "other"}]}}),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.request("workspace/symbol", json!({"query": "from-other-folder"})) != json!([]) {
        assert!(Instant::now() < deadline, "removed folder still indexed");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&other).ok();
}

#[test]
fn macro_hover_shows_the_expansion_and_core_definitions_open_kilns_source() {
    let (mut c, _) = editor();
    c.wait_indexed();
    let s = c.open("src/app/shapes.clj");
    let shapes = std::fs::read_to_string(fixture("projects/editor/src/app/shapes.clj")).unwrap();
    let hover = c.request(
        "textDocument/hover",
        at(&s, pos_of(&shapes, "(unless (pos?", 0, 2)),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**app.shapes/unless** — macro"), "{md}");
    assert!(
        md.contains("expands to:")
            && md.contains("(if (pos? x) nil (do (println \"not positive\")))"),
        "{md}"
    );
    // `defn` is not defined in the project: definition opens kiln's own core source.
    let def = c.request(
        "textDocument/definition",
        at(&s, pos_of(&shapes, "(defn check", 0, 2)),
    );
    let target = def[0]["uri"].as_str().unwrap();
    assert!(target.ends_with("/clojure/core.clj"), "{def}");
    let path = target.trim_start_matches("file://");
    let line = def[0]["range"]["start"]["line"].as_u64().unwrap() as usize;
    let src = std::fs::read_to_string(path).unwrap();
    assert!(
        src.lines().nth(line).unwrap().contains("defn"),
        "{}",
        src.lines().nth(line).unwrap()
    );
    assert!(std::fs::metadata(path).unwrap().permissions().readonly());
}
