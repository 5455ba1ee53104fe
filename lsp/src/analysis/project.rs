//! A project: files analysed together in three passes — scan (namespaces and macros, in
//! parallel), analyse (the walker, in parallel), link (references between namespaces).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use syntax::{Parse, TextRange};

use super::expand::Expander;
use super::node::{Node, NodeKind, lower_file};
use super::walker::{Env, Tail, Walker};
use super::{AnalysisConfig, DefKind, FileAnalysis, FileScan, Finding, Missing};
use crate::lint::rules;

/// A source file to analyse.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    pub path: PathBuf,
    /// The path as shown in findings.
    pub display: String,
    /// The path relative to its source root (`app/core.clj`), when under one.
    pub rel: Option<String>,
    pub text: String,
    /// Report this file's findings (false for files analysed only as context: the rest of
    /// the project when linting some of its files).
    pub report: bool,
}

/// One analysed file.
pub struct AnalysedFile {
    pub file: ProjectFile,
    pub parse: Parse,
    /// What the scan pass found (namespace, macros), for incremental re-analysis.
    pub scan: FileScan,
    pub analysis: FileAnalysis,
}

/// Settings shared by every file of a project.
pub struct Project {
    pub root: Option<PathBuf>,
    pub config: AnalysisConfig,
}

/// The namespace and macros of a file, from its top-level forms alone (reader conditionals
/// resolved as the analysis resolves them, top-level `do` entered).
pub fn scan(parse: &Parse) -> FileScan {
    scan_nodes(&lower_file(&parse.root()).0)
}

/// [`scan`] over a file already lowered to nodes.
pub fn scan_nodes(nodes: &[Node]) -> FileScan {
    let mut out = FileScan {
        ns: "user".into(),
        ..FileScan::default()
    };
    fn visit(n: &Node, out: &mut FileScan) {
        let Some(items) = n.list() else { return };
        let Some(head) = items.first().and_then(Node::symbol) else {
            return;
        };
        let arg = items.get(1).map(Node::strip_meta);
        match head.name.as_str() {
            "ns" => {
                if let Some(s) = arg.and_then(Node::symbol) {
                    out.ns = s.full();
                }
            }
            "in-ns" => {
                if let Some(NodeKind::Quote(q)) = arg.map(|a| &a.kind)
                    && let Some(s) = q.symbol()
                {
                    out.ns = s.full();
                }
            }
            "defmacro" => {
                if let Some(s) = arg.and_then(Node::symbol) {
                    out.macros.insert(s.name.clone());
                }
            }
            "def" if items.get(1).is_some_and(has_macro_meta) => {
                if let Some(s) = arg.and_then(Node::symbol) {
                    out.macros.insert(s.name.clone());
                }
            }
            "def" | "defn" | "defn-" | "defonce" | "definline" | "defmulti" | "defstruct"
            | "definterface" | "declare" | "deftest" => {
                for a in &items[1..] {
                    match a.strip_meta().symbol() {
                        Some(s) if s.ns.is_none() => {
                            out.plain.insert(s.name.clone());
                        }
                        _ => break,
                    }
                    if head.name != "declare" {
                        break;
                    }
                }
            }
            "defprotocol" | "defrecord" | "deftype" => {
                if let Some(s) = arg.and_then(Node::symbol) {
                    out.plain.insert(s.name.clone());
                    out.plain.insert(format!("->{}", s.name));
                    out.plain.insert(format!("map->{}", s.name));
                }
                if head.name == "defprotocol" {
                    for sig in &items[2..] {
                        if let Some(m) = sig
                            .list()
                            .and_then(|xs| xs.first())
                            .and_then(|m| m.strip_meta().symbol())
                        {
                            out.plain.insert(m.name.clone());
                        }
                    }
                }
            }
            name if name.starts_with("def") => {
                out.def_heads.insert(name.to_string());
            }
            name if name.starts_with("import-") || name == "intern" => {
                out.opaque = true;
            }
            "do" => {
                for f in &items[1..] {
                    visit(f, out);
                }
            }
            _ => {}
        }
    }
    for n in nodes {
        visit(n, &mut out);
    }
    out
}

/// `^:macro name` or `^{:macro true} name`.
fn has_macro_meta(n: &Node) -> bool {
    n.metas().iter().any(|m| match &m.kind {
        NodeKind::Keyword(k) => k.name == "macro",
        NodeKind::Map(xs) => xs.chunks(2).any(|p| {
            p[0].keyword().is_some_and(|k| k.name == "macro")
                && p.get(1)
                    .is_some_and(|v| matches!(v.kind, NodeKind::Lit(super::node::Lit::Bool(true))))
        }),
        _ => false,
    })
}

/// Analyses one parsed file.
pub fn analyze_file(parse: &Parse, file: &ProjectFile, env: &Env) -> FileAnalysis {
    let (nodes, inactive) = lower_file(&parse.root());
    analyze_nodes(parse, &nodes, &inactive, file, env)
}

/// [`analyze_file`] over a file already lowered (the language server lowers once for the
/// scan and the analysis).
pub fn analyze_nodes(
    parse: &Parse,
    nodes: &[Node],
    inactive: &[super::node::Inactive],
    file: &ProjectFile,
    env: &Env,
) -> FileAnalysis {
    let mut w = Walker::new(env, &file.text, Some(file.path.clone()));
    for n in nodes {
        w.expr(n, Tail::No);
    }
    let mut out = w.finish(inactive);
    for e in parse.errors() {
        out.findings.push(Finding {
            code: rules::syntax_error::CODE,
            range: e.range,
            message: e.message.clone(),
        });
    }
    if let (Some(range), Some(rel), Some(ns)) = (out.ns_range, &file.rel, &out.ns_decl)
        && let Some(f) = rules::namespace_name_mismatch::check(ns, range, rel)
    {
        out.findings.push(f);
    }
    out
}

/// Merges the scans of a project's files by namespace (a namespace may span files); a
/// namespace whose files call a def-like macro no file defines is opaque.
pub fn merge_scans<'a>(
    file_scans: impl IntoIterator<Item = &'a FileScan>,
) -> HashMap<String, FileScan> {
    let mut scans: HashMap<String, FileScan> = HashMap::new();
    for s in file_scans {
        let entry = scans.entry(s.ns.clone()).or_insert_with(|| FileScan {
            ns: s.ns.clone(),
            ..FileScan::default()
        });
        entry.macros.extend(s.macros.iter().cloned());
        entry.plain.extend(s.plain.iter().cloned());
        entry.opaque |= s.opaque;
        entry.def_heads.extend(s.def_heads.iter().cloned());
    }
    let all_macros: HashSet<String> = scans
        .values()
        .flat_map(|s| s.macros.iter().cloned())
        .collect();
    for s in scans.values_mut() {
        s.opaque |= s.def_heads.iter().any(|h| !all_macros.contains(h));
    }
    scans
}

/// The namespaces of merged scans that are opaque.
pub fn opaque_namespaces(scans: &HashMap<String, FileScan>) -> Vec<String> {
    scans
        .values()
        .filter(|s| s.opaque)
        .map(|s| s.ns.clone())
        .collect()
}

/// Stack size of analysis worker threads (address space only; pages are touched on use).
const WORKER_STACK: usize = 256 << 20;

/// Runs `f` over `items` on `threads` threads, keeping order.
fn parallel<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            // Deep stacks: the walker recurses over nesting (bounded by the parser's limit)
            // and macro expansion runs the runtime on this thread.
            let builder = std::thread::Builder::new().stack_size(WORKER_STACK);
            let spawned = builder.spawn_scoped(s, || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let r = f(&items[i]);
                    if let Ok(mut v) = results.lock() {
                        v[i] = Some(r);
                    }
                }
            });
            if spawned.is_err() {
                break;
            }
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

impl Project {
    /// Analyses files; `progress` is called with the number of files done so far.
    pub fn analyze(
        &self,
        files: Vec<ProjectFile>,
        threads: usize,
        expander: Option<&(dyn Expander + Sync)>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Vec<AnalysedFile> {
        let (mut out, scans) = self.analyze_unlinked(files, threads, expander, progress);
        link(&mut out, &opaque_namespaces(&scans));
        out
    }

    /// Scans and analyses files without the link pass (the language server links each
    /// file on demand against its [`DefTable`]); also returns the merged scans.
    pub fn analyze_unlinked(
        &self,
        files: Vec<ProjectFile>,
        threads: usize,
        expander: Option<&(dyn Expander + Sync)>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> (Vec<AnalysedFile>, HashMap<String, FileScan>) {
        let parsed: Vec<(Parse, FileScan)> = parallel(&files, threads, |f| {
            let parse = syntax::parse(&f.text);
            let scan = scan(&parse);
            (parse, scan)
        });
        let scans = merge_scans(parsed.iter().map(|(_, s)| s));
        let env = Env {
            scans: &scans,
            config: &self.config,
            expander,
            root: self.root.clone(),
        };
        let done = AtomicUsize::new(0);
        let indices: Vec<usize> = (0..files.len()).collect();
        let analyses: Vec<FileAnalysis> = parallel(&indices, threads, |&i| {
            let a = analyze_file(&parsed[i].0, &files[i], &env);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            a
        });
        let out: Vec<AnalysedFile> = files
            .into_iter()
            .zip(parsed)
            .zip(analyses)
            .map(|((file, (parse, scan)), analysis)| AnalysedFile {
                file,
                parse,
                scan,
                analysis,
            })
            .collect();
        (out, scans)
    }
}

/// What the link pass knows about a project var: arity, privacy, kind.
type Known = (Option<super::Arity>, bool, DefKind);

/// Every project var by namespace and name, and the namespaces that may define vars kiln
/// cannot see: what the link pass checks references against. The language server keeps
/// one and rebuilds it only when some file's definitions change.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DefTable {
    known: HashMap<String, HashMap<String, Known>>,
    opaque: HashSet<String>,
}

impl DefTable {
    pub fn new<'a>(
        analyses: impl IntoIterator<Item = &'a FileAnalysis>,
        opaque_scans: &[String],
    ) -> DefTable {
        let mut table = DefTable::default();
        for a in analyses {
            if a.opaque {
                table.opaque.insert(a.ns.clone());
            }
            for d in &a.defs {
                let e = table.known.entry(d.ns.clone()).or_default();
                let slot = e.entry(d.name.clone()).or_insert((None, d.private, d.kind));
                if d.kind != DefKind::Declare || slot.0.is_none() {
                    if d.arity.is_some() {
                        slot.0 = d.arity.clone();
                    }
                    slot.1 = d.private;
                    slot.2 = d.kind;
                }
            }
        }
        table.opaque.extend(opaque_scans.iter().cloned());
        table
    }

    /// The link findings of one file: unused private vars (unless `used_elsewhere` says
    /// another file of the namespace uses the name), and its references into other
    /// namespaces (missing vars, arities, private access).
    pub fn findings(
        &self,
        a: &FileAnalysis,
        used_elsewhere: impl Fn(&str) -> bool,
    ) -> Vec<Finding> {
        let mut new = Vec::new();
        for range in &a.unused_private {
            let Some(d) = a.defs.iter().find(|d| d.name_range == *range) else {
                continue;
            };
            if !used_elsewhere(&d.name) {
                new.push(Finding {
                    code: rules::unused_private_var::CODE,
                    range: *range,
                    message: format!("Unused private var {}/{}", a.ns, d.name),
                });
            }
        }
        for r in &a.ext_refs {
            let hit = r.candidates.iter().find_map(|ns| {
                self.known
                    .get(ns)
                    .and_then(|m| m.get(&r.name))
                    .map(|d| (ns, d))
            });
            match hit {
                Some((ns, (arity, private, _))) => {
                    if *private && *ns != a.ns && !r.var_quote {
                        new.push(Finding {
                            code: rules::private_call::CODE,
                            range: r.range,
                            message: format!("#'{ns}/{} is private", r.name),
                        });
                    }
                    if let (Some(n), Some(arity)) = (r.call_args, arity)
                        && !arity.accepts(n)
                    {
                        new.push(Finding {
                            code: rules::invalid_arity::CODE,
                            range: r.range,
                            message: rules::invalid_arity::message(
                                &format!("{ns}/{}", r.name),
                                arity,
                                n,
                            ),
                        });
                    }
                }
                None if r.candidates.iter().any(|ns| self.opaque.contains(ns)) => {}
                None => match r.missing {
                    Missing::Var => new.push(Finding {
                        code: rules::unresolved_var::CODE,
                        range: r.range,
                        message: format!("Unresolved var: {}/{}", r.candidates.join("|"), r.name),
                    }),
                    Missing::Symbol => new.push(Finding {
                        code: rules::unresolved_symbol::CODE,
                        range: r.range,
                        message: rules::unresolved_symbol::message(&r.name),
                    }),
                    Missing::Silent => {}
                },
            }
        }
        new
    }
}

/// Merges link findings into each file's own, sorted and deduplicated.
pub fn merge_findings(findings: &mut Vec<Finding>, extra: Vec<Finding>) {
    findings.extend(extra);
    findings.sort_by_key(|f| (f.range.start(), f.code));
    findings.dedup_by(|x, y| x.code == y.code && x.range == y.range);
}

/// Checks references into other project namespaces: missing vars, arities, privacy.
pub fn link(files: &mut [AnalysedFile], opaque_scans: &[String]) {
    let table = DefTable::new(files.iter().map(|f| &f.analysis), opaque_scans);
    // Private vars used from another file of the same namespace.
    let mut used_vars: HashMap<String, HashSet<(usize, String)>> = HashMap::new();
    for (i, f) in files.iter().enumerate() {
        for r in &f.analysis.refs {
            if let super::Target::Var { ns, name } = &r.target {
                used_vars
                    .entry(ns.clone())
                    .or_default()
                    .insert((i, name.clone()));
            }
        }
    }
    for (i, f) in files.iter_mut().enumerate() {
        let a = &f.analysis;
        let extra = table.findings(a, |name| {
            used_vars
                .get(&a.ns)
                .is_some_and(|s| s.iter().any(|(j, n)| *j != i && n == name))
        });
        let a = &mut f.analysis;
        a.unused_private.clear();
        merge_findings(&mut a.findings, extra);
    }
}

/// The range of a whole file (for findings about it).
pub fn file_range(text: &str) -> TextRange {
    TextRange::up_to(syntax::TextSize::of(text))
}
