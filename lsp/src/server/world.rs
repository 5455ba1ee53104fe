//! The language server's state, free of protocol types: every file of the workspace with its
//! text (a rope), its latest parse and analysis; the merged namespace scans and the
//! project's definition table; configuration per workspace folder.
//!
//! Analysis runs off the lock: [`World::job`] hands out what a file's analysis needs, the
//! job runs on a blocking thread, and [`World::install`] stores the result only if the file
//! has not changed meanwhile. A snapshot is fresh when it was made from the file's current
//! revision and the current revision of the project's scans.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use syntax::{LineIndex, Parse, TextEdit, TextRange};

use crate::analysis::expand::RuntimeExpander;
use crate::analysis::project::{self, AnalysedFile, DefTable, ProjectFile, merge_scans};
use crate::analysis::walker::Env;
use crate::analysis::{FileAnalysis, FileScan, Finding, Target};
use crate::lint::Level;
use crate::lint::config::LintConfig;
use crate::lint::suppress;

/// One workspace folder's project: its root, source roots and configuration.
pub struct Workspace {
    pub root: PathBuf,
    pub roots: Vec<PathBuf>,
    pub config: Arc<LintConfig>,
    pub expander: Option<Arc<RuntimeExpander>>,
    /// The configuration file could not be read (shown to the user once).
    pub config_error: Option<String>,
}

impl Workspace {
    /// The project a workspace folder (or a file) belongs to: the nearest enclosing
    /// directory with `deps.edn` (or another project marker), else the folder itself.
    pub fn load(folder: &Path) -> Workspace {
        let root = crate::project_layout::find_root(folder);
        let (config, config_error) = match LintConfig::load(&root) {
            Ok(c) => (c, None),
            Err(e) => (LintConfig::default(), Some(e.to_string())),
        };
        let mut roots: Vec<PathBuf> = crate::project_layout::source_roots(&root)
            .into_iter()
            .map(|r| std::fs::canonicalize(&r).unwrap_or(r))
            .collect();
        // A folder of sources without `src/` or `deps.edn`: the folder is the source root.
        if roots.is_empty() {
            roots.push(root.clone());
        }
        let expander = config
            .analysis
            .expand_macros
            .then(|| Arc::new(RuntimeExpander::new(roots.clone())));
        Workspace {
            root,
            roots,
            config: Arc::new(config),
            expander,
            config_error,
        }
    }
}

/// What one analysis produced, consistent with one text.
pub struct Snapshot {
    pub rev: u64,
    pub scan_rev: u64,
    pub text: Arc<str>,
    pub parse: Parse,
    pub index: LineIndex,
    pub scan: FileScan,
    pub analysis: FileAnalysis,
}

/// A file of the workspace (open in the editor or not).
pub struct FileState {
    pub rel: Option<String>,
    pub workspace: Option<usize>,
    pub rope: ropey::Rope,
    /// The editor's version while the file is open.
    pub version: Option<i32>,
    /// Bumped on every change of the text.
    pub rev: u64,
    parsed: Parse,
    /// Edits applied to `rope` since `parsed` was made.
    pending: Vec<TextEdit>,
    /// `parsed` is not of an earlier version of `rope`: parse from scratch.
    full: bool,
    pub snap: Option<Arc<Snapshot>>,
}

/// Everything a file's analysis needs, taken from the world so it can run off the lock.
pub struct Job {
    path: PathBuf,
    rel: Option<String>,
    rope: ropey::Rope,
    rev: u64,
    parsed: Parse,
    pending: Vec<TextEdit>,
    full: bool,
    scans: Arc<HashMap<String, FileScan>>,
    scan_rev: u64,
    config: Arc<LintConfig>,
    expander: Option<Arc<RuntimeExpander>>,
    root: Option<PathBuf>,
}

impl Job {
    /// Parses (incrementally after a single edit) and analyses the file.
    pub fn run(self) -> (PathBuf, Snapshot) {
        let text: Arc<str> = Arc::from(self.rope.to_string());
        let parse = match self.pending.as_slice() {
            _ if self.full => syntax::parse(&text),
            [] => self.parsed,
            [edit] => syntax::incremental::reparse(&self.parsed, &self.rope, edit).0,
            _ => syntax::parse(&text),
        };
        let (nodes, inactive) = crate::analysis::node::lower_file(&parse.root());
        let scan = project::scan_nodes(&nodes);
        let file = ProjectFile {
            path: self.path.clone(),
            display: self.path.display().to_string(),
            rel: self.rel,
            text: text.to_string(),
            report: true,
        };
        // The file's own current scan replaces the stale one of its namespace.
        let merged;
        let scans = if self.scans.get(&scan.ns).is_some_and(|s| covers(s, &scan)) {
            &*self.scans
        } else {
            let mut m = (*self.scans).clone();
            let entry = m.entry(scan.ns.clone()).or_default();
            entry.ns = scan.ns.clone();
            entry.macros.extend(scan.macros.iter().cloned());
            entry.plain.extend(scan.plain.iter().cloned());
            entry.def_heads.extend(scan.def_heads.iter().cloned());
            entry.opaque |= scan.opaque;
            merged = m;
            &merged
        };
        let env = Env {
            scans,
            config: &self.config.analysis,
            expander: self.expander.as_deref().map(|e| e as _),
            root: self.root,
        };
        let analysis = project::analyze_nodes(&parse, &nodes, &inactive, &file, &env);
        let index = LineIndex::new(&text);
        let snap = Snapshot {
            rev: self.rev,
            scan_rev: self.scan_rev,
            text,
            parse,
            index,
            scan,
            analysis,
        };
        (self.path, snap)
    }
}

fn covers(merged: &FileScan, one: &FileScan) -> bool {
    one.macros.is_subset(&merged.macros)
        && one.plain.is_subset(&merged.plain)
        && one.def_heads.is_subset(&merged.def_heads)
        && (!one.opaque || merged.opaque)
}

/// What installing a snapshot changed beyond the file itself.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    pub installed: bool,
    /// The file's namespace scan changed: other files' analyses are stale.
    pub scans_changed: bool,
    /// Its definitions changed: other files' link findings may differ.
    pub defs_changed: bool,
}

/// The whole state.
#[derive(Default)]
pub struct World {
    pub workspaces: Vec<Workspace>,
    pub files: HashMap<PathBuf, FileState>,
    pub scans: Arc<HashMap<String, FileScan>>,
    pub scan_rev: u64,
    pub defs: Arc<DefTable>,
    pub indexed: bool,
}

/// A definition's identity for change detection: name, arity, privacy, kind.
fn def_signature(a: &FileAnalysis) -> Vec<String> {
    let mut v: Vec<String> = a
        .defs
        .iter()
        .map(|d| {
            format!(
                "{}/{} {:?} {} {:?}",
                d.ns, d.name, d.arity, d.private, d.kind
            )
        })
        .collect();
    v.push(format!("opaque {}", a.opaque));
    v
}

impl World {
    /// Adds the project of a workspace folder or file unless it is known; its index.
    pub fn add_workspace(&mut self, folder: &Path) -> (usize, bool) {
        let root = crate::project_layout::find_root(folder);
        if let Some(i) = self.workspaces.iter().position(|w| w.root == root) {
            return (i, false);
        }
        self.workspaces.push(Workspace::load(folder));
        (self.workspaces.len() - 1, true)
    }

    /// The workspace folder a path belongs to (the deepest root containing it).
    pub fn workspace_of(&self, path: &Path) -> Option<usize> {
        self.workspaces
            .iter()
            .enumerate()
            .filter(|(_, w)| path.starts_with(&w.root))
            .max_by_key(|(_, w)| w.root.components().count())
            .map(|(i, _)| i)
    }

    fn rel_of(&self, ws: Option<usize>, path: &Path) -> Option<String> {
        let ws = &self.workspaces[ws?];
        crate::lint::driver::rel_to_roots(path, &ws.roots)
    }

    /// The configuration that applies to a file.
    pub fn config_of(&self, path: &Path) -> Arc<LintConfig> {
        match self.files.get(path).and_then(|f| f.workspace) {
            Some(i) => self.workspaces[i].config.clone(),
            None => Arc::new(LintConfig::default()),
        }
    }

    /// Opens (or replaces) a file's text, as the editor has it.
    pub fn open(&mut self, path: &Path, text: &str, version: Option<i32>) {
        let ws = self.workspace_of(path);
        let rel = self.rel_of(ws, path);
        let rev = self.files.get(path).map_or(0, |f| f.rev + 1);
        let snap = self.files.get(path).and_then(|f| f.snap.clone());
        self.files.insert(
            path.to_path_buf(),
            FileState {
                rel,
                workspace: ws,
                rope: ropey::Rope::from_str(text),
                version,
                rev,
                parsed: syntax::parse(""),
                pending: Vec::new(),
                full: true,
                snap,
            },
        );
    }

    /// Applies an edit (byte range of the current text, clamped to it) to an open file.
    pub fn edit(&mut self, path: &Path, range: TextRange, insert: &str, version: i32) -> bool {
        let Some(f) = self.files.get_mut(path) else {
            return false;
        };
        let len = f.rope.len_bytes();
        let snap_to_char = |rope: &ropey::Rope, b: usize| rope.byte_to_char(b.min(len));
        let start_c = snap_to_char(&f.rope, usize::from(range.start()));
        let end_c = snap_to_char(&f.rope, usize::from(range.end())).max(start_c);
        let start_b = f.rope.char_to_byte(start_c);
        let end_b = f.rope.char_to_byte(end_c);
        f.rope.remove(start_c..end_c);
        f.rope.insert(start_c, insert);
        f.pending.push(TextEdit::new(
            TextRange::new((start_b as u32).into(), (end_b as u32).into()),
            insert,
        ));
        f.version = Some(version);
        f.rev += 1;
        true
    }

    /// The editor closed a file: it stays indexed with its text on disk.
    pub fn close(&mut self, path: &Path) {
        let on_disk = std::fs::read(path)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        match on_disk {
            Some(text) if self.workspace_of(path).is_some() => self.open(path, &text, None),
            _ => {
                self.files.remove(path);
            }
        }
    }

    /// The file changed on disk; re-read unless the editor has it open.
    pub fn reload(&mut self, path: &Path) {
        if self.files.get(path).is_some_and(|f| f.version.is_some()) {
            return;
        }
        match std::fs::read(path) {
            Ok(b) => self.open(path, &String::from_utf8_lossy(&b), None),
            Err(_) => {
                self.files.remove(path);
            }
        }
    }

    /// The fresh snapshot of a file, or the job that makes one.
    pub fn job(&self, path: &Path) -> Option<Result<Arc<Snapshot>, Job>> {
        let f = self.files.get(path)?;
        if let Some(s) = &f.snap
            && s.rev == f.rev
            && s.scan_rev == self.scan_rev
        {
            return Some(Ok(s.clone()));
        }
        let ws = f.workspace.map(|i| &self.workspaces[i]);
        Some(Err(Job {
            path: path.to_path_buf(),
            rel: f.rel.clone(),
            rope: f.rope.clone(),
            rev: f.rev,
            parsed: f.parsed.clone(),
            pending: f.pending.clone(),
            full: f.full,
            scans: self.scans.clone(),
            scan_rev: self.scan_rev,
            config: ws.map_or_else(|| Arc::new(LintConfig::default()), |w| w.config.clone()),
            expander: ws.and_then(|w| w.expander.clone()),
            root: ws.map(|w| w.root.clone()),
        }))
    }

    /// Stores a snapshot if its file has not changed since the job was made.
    pub fn install(&mut self, path: &Path, snap: Snapshot) -> (Effect, Arc<Snapshot>) {
        let snap = Arc::new(snap);
        let Some(f) = self.files.get_mut(path) else {
            return (Effect::default(), snap);
        };
        if f.rev != snap.rev {
            return (Effect::default(), snap);
        }
        let old = f.snap.replace(snap.clone());
        f.parsed = snap.parse.clone();
        f.pending.clear();
        f.full = false;
        let mut effect = Effect {
            installed: true,
            ..Effect::default()
        };
        let old_scan = old.as_ref().map(|o| &o.scan);
        if old_scan != Some(&snap.scan) {
            self.rescan();
            effect.scans_changed = true;
        }
        if old.as_ref().map(|o| def_signature(&o.analysis)) != Some(def_signature(&snap.analysis)) {
            self.rebuild_defs();
            effect.defs_changed = true;
        }
        (effect, snap)
    }

    /// Installs a whole indexed project (files the editor has open keep the editor's text).
    pub fn install_index(&mut self, analysed: Vec<AnalysedFile>, ws: usize) {
        for a in analysed {
            let path = a.file.path.clone();
            if self.files.get(&path).is_some_and(|f| f.version.is_some()) {
                continue;
            }
            let text: Arc<str> = Arc::from(a.file.text.as_str());
            let snap = Snapshot {
                rev: 0,
                scan_rev: 0,
                index: LineIndex::new(&text),
                text,
                parse: a.parse.clone(),
                scan: a.scan,
                analysis: a.analysis,
            };
            self.files.insert(
                path,
                FileState {
                    rel: a.file.rel,
                    workspace: Some(ws),
                    rope: ropey::Rope::from_str(&a.file.text),
                    version: None,
                    rev: 0,
                    parsed: a.parse,
                    pending: Vec::new(),
                    full: false,
                    snap: Some(Arc::new(snap)),
                },
            );
        }
        self.rescan();
        // Indexed snapshots were made with the complete scans: mark them fresh.
        let rev = self.scan_rev;
        for f in self.files.values_mut() {
            if f.version.is_none()
                && let Some(s) = &mut f.snap
                && let Some(s) = Arc::get_mut(s)
            {
                s.scan_rev = rev;
            }
        }
        self.rebuild_defs();
    }

    fn rescan(&mut self) {
        self.scans = Arc::new(merge_scans(
            self.files
                .values()
                .filter_map(|f| f.snap.as_ref().map(|s| &s.scan)),
        ));
        self.scan_rev += 1;
    }

    fn rebuild_defs(&mut self) {
        let opaque = project::opaque_namespaces(&self.scans);
        self.defs = Arc::new(DefTable::new(
            self.files
                .values()
                .filter_map(|f| f.snap.as_ref().map(|s| &s.analysis)),
            &opaque,
        ));
    }

    /// A file's findings with their configured levels, suppressions applied, link findings
    /// (other namespaces' vars, arities, privacy) included.
    pub fn findings(&self, path: &Path, snap: &Snapshot) -> Vec<(Finding, Level)> {
        let a = &snap.analysis;
        let link = self.defs.findings(a, |name| {
            self.files.iter().any(|(p, f)| {
                p != path
                    && f.snap.as_ref().is_some_and(|s| {
                        s.analysis.ns == a.ns
                            && s.analysis.refs.iter().any(|r| {
                                matches!(&r.target, Target::Var { ns, name: n } if *ns == a.ns && n == name)
                            })
                    })
            })
        });
        let config = self.config_of(path);
        let sups = suppress::suppressions(&snap.parse);
        let mut all: Vec<Finding> = a.findings.clone();
        project::merge_findings(&mut all, link);
        all.into_iter()
            .filter_map(|f| {
                let level = config.level(f.code);
                (level != Level::Off && !suppress::is_suppressed(&sups, f.code, f.range))
                    .then_some((f, level))
            })
            .collect()
    }

    /// The paths of files open in the editor.
    pub fn open_files(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter(|(_, f)| f.version.is_some())
            .map(|(p, _)| p.clone())
            .collect()
    }
}
