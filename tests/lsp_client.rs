//! A minimal LSP client for protocol-level tests: spawns `kiln lsp`, frames JSON-RPC over
//! its stdio, answers the server's own requests (progress tokens, registrations, refresh),
//! and lets a test send requests and wait for notifications.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct LspClient {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications (and server requests) received and not yet consumed.
    pub inbox: Vec<Value>,
    pub root: PathBuf,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

fn reader(stdout: impl Read + Send + 'static, tx: Sender<Value>) {
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        while let Some(v) = read_message(&mut r) {
            if tx.send(v).is_err() {
                break;
            }
        }
    });
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl LspClient {
    /// Starts `kiln lsp` and completes `initialize`/`initialized` for the folder `root`.
    /// `capabilities` are the client's (merged over a default with UTF-16 and progress).
    pub fn start(root: &Path, capabilities: Value, init_options: Value) -> (LspClient, Value) {
        let root = std::fs::canonicalize(root).unwrap();
        let mut child = Command::new(crate::kiln_bin())
            .arg("lsp")
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kiln lsp starts");
        let stdin = child.stdin.take().unwrap();
        let (tx, rx) = channel();
        reader(child.stdout.take().unwrap(), tx);
        let mut c = LspClient {
            child,
            stdin,
            rx,
            next_id: 1,
            inbox: Vec::new(),
            root: root.clone(),
        };
        let mut caps = json!({
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
            "textDocument": {"hover": {"contentFormat": ["markdown"]}}
        });
        merge(&mut caps, capabilities);
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(&root),
                "workspaceFolders": [{"uri": uri(&root), "name": "ws"}],
                "capabilities": caps,
                "initializationOptions": init_options,
            }),
        );
        c.notify("initialized", json!({}));
        (c, init)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Sends raw bytes (for malformed-message tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        if params.is_null() {
            self.send(&json!({"jsonrpc": "2.0", "method": method}));
            return;
        }
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let msg = if params.is_null() {
            json!({"jsonrpc": "2.0", "id": id, "method": method})
        } else {
            json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
        };
        self.send(&msg);
        id
    }

    fn recv(&mut self, timeout: Duration) -> Option<Value> {
        match self.rx.recv_timeout(timeout) {
            Ok(v) => {
                // Answer the server's requests at once.
                if v.get("method").is_some() && v.get("id").is_some() {
                    let id = v["id"].clone();
                    self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                }
                Some(v)
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Waits for the response to request `id` (the whole message: `result` or `error`).
    pub fn response(&mut self, id: i64, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(v) = self.recv(left) else {
                panic!("no response to request {id} within {timeout:?}");
            };
            if v.get("method").is_none() && v.get("id") == Some(&json!(id)) {
                return v;
            }
            self.inbox.push(v);
        }
    }

    /// Sends a request and returns its `result` (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        let v = self.response(id, Duration::from_secs(60));
        if let Some(e) = v.get("error") {
            panic!("{method} failed: {e}");
        }
        v["result"].clone()
    }

    /// Waits for a notification matching `pred` (looking at the inbox first).
    pub fn wait_for(
        &mut self,
        method: &str,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        if let Some(i) = self
            .inbox
            .iter()
            .position(|v| v["method"] == method && pred(&v["params"]))
        {
            return self.inbox.remove(i)["params"].clone();
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(v) = self.recv(left) else {
                panic!(
                    "no {method} notification within {timeout:?}; inbox: {:?}",
                    self.inbox
                        .iter()
                        .map(|v| v["method"].clone())
                        .collect::<Vec<_>>()
                );
            };
            if v["method"] == method && pred(&v["params"]) {
                return v["params"].clone();
            }
            self.inbox.push(v);
        }
    }

    /// Waits for an error response without an id (to a message that could not be read).
    pub fn wait_for_error(&mut self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(v) = self.recv(left) else {
                panic!("no error response");
            };
            if v.get("error").is_some() && v.get("method").is_none() {
                return v;
            }
            self.inbox.push(v);
        }
    }

    /// Waits until the server reports that indexing is complete.
    pub fn wait_indexed(&mut self) -> Value {
        self.wait_for("$/progress", Duration::from_secs(120), |p| {
            p["value"]["kind"] == "end"
        })
    }

    /// Opens a file of the workspace (text read from disk); returns its URI.
    pub fn open(&mut self, rel: &str) -> String {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        self.open_text(&path, &text)
    }

    pub fn open_text(&mut self, path: &Path, text: &str) -> String {
        let u = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "clojure", "version": 1, "text": text}}),
        );
        u
    }

    /// Waits for diagnostics of `uri` (optionally for a given document version).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let p = self.wait_for(
            "textDocument/publishDiagnostics",
            Duration::from_secs(60),
            |p| p["uri"] == uri && version.is_none_or(|v| p["version"] == v),
        );
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// `shutdown` then `exit`; returns the process's exit status.
    pub fn shutdown(mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("kiln lsp did not exit after shutdown/exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn merge(a: &mut Value, b: Value) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(Value::Null), v);
            }
        }
        (a, b) => *a = b,
    }
}

/// A position (`{"line", "character"}`) of the `n`th occurrence of `needle` in `text`
/// (UTF-16 columns), plus `delta` characters.
pub fn pos_of(text: &str, needle: &str, n: usize, delta: usize) -> Value {
    let mut start = 0;
    let mut at = None;
    for _ in 0..=n {
        let i = text[start..]
            .find(needle)
            .map(|i| i + start)
            .expect("needle in text");
        at = Some(i);
        start = i + 1;
    }
    let at = at.unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count();
    let col: usize = before.rsplit('\n').next().unwrap().encode_utf16().count() + delta;
    json!({"line": line, "character": col})
}
