//! `kiln lsp`: the language server over stdio, on tower-lsp and tokio.
//!
//! The protocol loop never does heavy work itself: text edits are applied to ropes on the
//! loop (cheap), while parsing, analysis and every query run on blocking threads against
//! immutable snapshots (see [`world`]). A panic in a handler is caught at that boundary and
//! answered with a JSON-RPC error; the server keeps serving. Diagnostics are computed by
//! one coalescing task per file: while it analyses, further edits only mark the file dirty,
//! so a flood of `didChange` never queues a flood of analyses.

pub mod convert;
mod core_sources;
mod eval_worker;
pub mod ext;
pub mod handlers;
mod index;
pub mod lookup;
mod requests;
mod transport;
pub mod world;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

use syntax::PositionEncoding;
use tower_lsp::jsonrpc;
use tower_lsp::lsp_types::Url;
use tower_lsp::{Client, LspService};

use eval_worker::{Budgets, EvalWorker};
use world::{Snapshot, World};

/// What the client can do, from `initialize`.
#[derive(Debug, Clone, Copy, Default)]
struct ClientFlags {
    progress: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`): do not push them too.
    pull: bool,
    watch_dynamic: bool,
    refresh: bool,
}

/// User settings (`initializationOptions` and `workspace/didChangeConfiguration`, under
/// `kiln`): `{"lint": {"enabled": true}, "eval": {"timeoutMs": 30000, "maxSteps": null,
/// "maxValueLength": 10000}}`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lint_enabled: bool,
    pub budgets: Budgets,
    pub max_value_len: usize,
    /// Parameter-name inlay hints (off by default).
    pub parameter_hints: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lint_enabled: true,
            budgets: Budgets::default(),
            max_value_len: 10_000,
            parameter_hints: false,
        }
    }
}

impl Settings {
    fn update(&mut self, v: &serde_json::Value) {
        let v = v.get("kiln").unwrap_or(v);
        if let Some(b) = v.pointer("/lint/enabled").and_then(|x| x.as_bool()) {
            self.lint_enabled = b;
        }
        if let Some(ms) = v.pointer("/eval/timeoutMs").and_then(|x| x.as_u64()) {
            self.budgets.timeout = std::time::Duration::from_millis(ms.max(1));
        }
        if let Some(s) = v.pointer("/eval/maxSteps") {
            self.budgets.max_steps = s.as_u64();
        }
        if let Some(b) = v
            .pointer("/inlayHints/parameterNames")
            .and_then(|x| x.as_bool())
        {
            self.parameter_hints = b;
        }
        if let Some(n) = v.pointer("/eval/maxValueLength").and_then(|x| x.as_u64()) {
            self.max_value_len = n as usize;
        }
    }
}

#[derive(Default)]
struct Sched {
    dirty: HashSet<PathBuf>,
    running: HashSet<PathBuf>,
}

struct Inner {
    client: Client,
    world: RwLock<World>,
    encoding: OnceLock<PositionEncoding>,
    flags: OnceLock<ClientFlags>,
    folders: Mutex<Vec<PathBuf>>,
    sched: Mutex<Sched>,
    eval: OnceLock<Option<EvalWorker>>,
    values: Mutex<HashMap<u64, String>>,
    next_value: AtomicU64,
    settings: RwLock<Settings>,
    /// The last semantic tokens sent per document, for deltas.
    tokens: Mutex<HashMap<Url, (u64, Vec<tower_lsp::lsp_types::SemanticToken>)>>,
    /// Becomes true when the first indexing of the workspace is complete.
    indexed: tokio::sync::watch::Sender<bool>,
}

/// The server; cheap to clone (shared state behind an `Arc`).
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Server {
    fn new(client: Client) -> Server {
        Server {
            inner: Arc::new(Inner {
                client,
                world: RwLock::new(World::default()),
                encoding: OnceLock::new(),
                flags: OnceLock::new(),
                folders: Mutex::new(Vec::new()),
                sched: Mutex::new(Sched::default()),
                eval: OnceLock::new(),
                values: Mutex::new(HashMap::new()),
                next_value: AtomicU64::new(1),
                settings: RwLock::new(Settings::default()),
                tokens: Mutex::new(HashMap::new()),
                indexed: tokio::sync::watch::channel(false).0,
            }),
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, World> {
        self.inner.world.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, World> {
        self.inner.world.write().unwrap_or_else(|e| e.into_inner())
    }

    fn enc(&self) -> PositionEncoding {
        *self
            .inner
            .encoding
            .get()
            .unwrap_or(&PositionEncoding::Utf16)
    }

    fn flags(&self) -> ClientFlags {
        self.inner.flags.get().copied().unwrap_or_default()
    }

    fn settings(&self) -> Settings {
        self.inner
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn eval_worker(&self) -> Option<&EvalWorker> {
        self.inner
            .eval
            .get_or_init(|| {
                let w = EvalWorker::start()?;
                let roots: Vec<PathBuf> = self
                    .read()
                    .workspaces
                    .iter()
                    .flat_map(|ws| ws.roots.iter().cloned())
                    .collect();
                w.set_source_roots(roots);
                Some(w)
            })
            .as_ref()
    }

    /// A fresh snapshot of a file, analysing it (off the loop) when needed.
    async fn snapshot(&self, path: &Path) -> Option<Arc<Snapshot>> {
        let mut last = None;
        for _ in 0..4 {
            let job = match self.read().job(path)? {
                Ok(s) => return Some(s),
                Err(job) => job,
            };
            let (p, snap) = match tokio::task::spawn_blocking(move || job.run()).await {
                Ok(r) => r,
                Err(e) => {
                    self.log_panic("analysis", &e).await;
                    return last;
                }
            };
            let (effect, snap) = self.write().install(&p, snap);
            if effect.scans_changed || effect.defs_changed {
                self.dependants_changed(path, effect.scans_changed);
            }
            if effect.installed {
                return Some(snap);
            }
            last = Some(snap);
        }
        last
    }

    /// Another file's namespace or definitions changed: re-check the open files.
    fn dependants_changed(&self, changed: &Path, _scans: bool) {
        let others: Vec<PathBuf> = self
            .read()
            .open_files()
            .into_iter()
            .filter(|p| p != changed)
            .collect();
        if others.is_empty() {
            return;
        }
        if self.flags().pull {
            if self.flags().refresh {
                let client = self.inner.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
        } else {
            self.schedule(others);
        }
    }

    async fn log_panic(&self, what: &str, e: &tokio::task::JoinError) {
        let msg = if e.is_panic() {
            "panicked (see the server's stderr)"
        } else {
            "was cancelled"
        };
        self.inner
            .client
            .log_message(
                tower_lsp::lsp_types::MessageType::ERROR,
                format!("kiln: {what} {msg}"),
            )
            .await;
    }

    /// Marks files for diagnostics; each file has at most one task working on it, which
    /// loops while the file keeps getting dirty (a burst of edits costs one analysis per
    /// lap, not one per edit), and a slow file never delays the others.
    fn schedule(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut start = Vec::new();
        {
            let mut s = lock(&self.inner.sched);
            for p in paths {
                s.dirty.insert(p.clone());
                if s.running.insert(p.clone()) {
                    start.push(p);
                }
            }
        }
        for p in start {
            let this = self.clone();
            tokio::spawn(async move { this.run_diagnostics(p).await });
        }
    }

    async fn run_diagnostics(&self, path: PathBuf) {
        // Diagnostics before the index is complete would lack cross-file findings.
        self.wait_indexed().await;
        loop {
            {
                let mut s = lock(&self.inner.sched);
                if !s.dirty.remove(&path) {
                    s.running.remove(&path);
                    return;
                }
            }
            let open = self
                .read()
                .files
                .get(&path)
                .is_some_and(|f| f.version.is_some());
            if !open {
                continue;
            }
            let Some(snap) = self.snapshot(&path).await else {
                continue;
            };
            if !self.flags().pull {
                self.publish(&path, snap).await;
            }
        }
    }

    async fn publish(&self, path: &Path, snap: Arc<Snapshot>) {
        let this = self.clone();
        let p = path.to_path_buf();
        let lint = self.settings().lint_enabled;
        let computed = tokio::task::spawn_blocking(move || {
            let w = this.read();
            let version = w
                .files
                .get(&p)
                .filter(|f| f.rev == snap.rev)
                .and_then(|f| f.version);
            let diags = if lint {
                handlers::diagnostics::diagnostics(&w, &p, &snap, this.enc())
            } else {
                Vec::new()
            };
            (diags, version)
        })
        .await;
        match computed {
            Ok((diags, version)) => {
                self.inner
                    .client
                    .publish_diagnostics(convert::uri(path), diags, version)
                    .await
            }
            Err(e) => self.log_panic("diagnostics", &e).await,
        }
    }

    /// Waits (a bounded time) for the first indexing, so answers that need other files
    /// (definitions, references, their docs) are complete. Files open in the editor are
    /// analysed meanwhile; requests never wait more than a few seconds.
    pub(super) async fn wait_indexed(&self) {
        let mut rx = self.inner.indexed.subscribe();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            rx.wait_for(|done| *done),
        )
        .await;
    }

    /// Runs a query on a blocking thread against a fresh snapshot of `uri`'s file. A panic
    /// becomes a JSON-RPC internal error.
    async fn query<R, F>(&self, uri: &Url, f: F) -> jsonrpc::Result<Option<R>>
    where
        R: Send + 'static,
        F: FnOnce(&World, &Path, &Snapshot, PositionEncoding) -> R + Send + 'static,
    {
        let Some(path) = convert::path(uri) else {
            return Ok(None);
        };
        self.wait_indexed().await;
        let Some(snap) = self.snapshot(&path).await else {
            return Ok(None);
        };
        let this = self.clone();
        let enc = self.enc();
        match tokio::task::spawn_blocking(move || f(&this.read(), &path, &snap, enc)).await {
            Ok(r) => Ok(Some(r)),
            Err(e) => {
                self.log_panic("request", &e).await;
                Err(jsonrpc::Error {
                    code: jsonrpc::ErrorCode::InternalError,
                    message: "kiln: internal error while answering (the server is still running)"
                        .into(),
                    data: None,
                })
            }
        }
    }
}

/// Serves the protocol on stdin/stdout until `exit`.
pub async fn serve_stdio() {
    let service = LspService::build(Server::new)
        .custom_method("kiln/eval", Server::kiln_eval)
        .custom_method("kiln/interrupt", Server::kiln_interrupt)
        .custom_method("kiln/fullValue", Server::kiln_full_value)
        .custom_method("kiln/macroexpand", Server::kiln_macroexpand)
        .custom_method("kiln/syntaxTree", Server::kiln_syntax_tree);
    #[cfg(debug_assertions)]
    let service = service.custom_method("kiln/debug/panic", Server::kiln_debug_panic);
    let (service, socket) = service.finish();
    let (input, output) = transport::spawn(tokio::io::stdin(), tokio::io::stdout());
    tower_lsp::Server::new(input, output, socket)
        .concurrency_level(64)
        .serve(service)
        .await;
}

/// Entry point for `kiln lsp`: a multi-threaded runtime whose threads have deep stacks
/// (analysis recurses over nesting and expands macros in the embedded runtime).
/// Returns whether the client asked for `shutdown` before `exit` (the exit status).
pub fn run() -> std::io::Result<bool> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .thread_stack_size(256 << 20)
        .enable_all()
        .build()?;
    rt.block_on(serve_stdio());
    // Blocked stdin reads and running analyses must not keep the process alive after
    // `exit`.
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    Ok(transport::SHUTDOWN_REQUESTED.load(std::sync::atomic::Ordering::SeqCst))
}
