//! Go to definition into kiln's own `clojure.core` (the dialect source embedded in the
//! runtime): the source is written once to a read-only file in the user's cache directory
//! (`$XDG_CACHE_HOME/kiln/core-<hash>/clojure/core.clj`), and its definitions indexed by
//! name. Vars implemented natively in Rust have no source location.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use syntax::{LineIndex, TextRange};

use crate::analysis::node::{NodeKind, lower_file};

pub struct CoreSources {
    pub path: PathBuf,
    pub index: LineIndex,
    pub defs: HashMap<String, TextRange>,
}

fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .or_else(|| Some(std::env::temp_dir()))
}

fn build() -> Option<CoreSources> {
    let src = eval::core::CORE_CLJ;
    let hash = src.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    });
    let path = cache_dir()?
        .join("kiln")
        .join(format!("core-{hash:016x}"))
        .join("clojure/core.clj");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(src) {
        std::fs::create_dir_all(path.parent()?).ok()?;
        let _ = std::fs::remove_file(&path);
        std::fs::write(&path, src).ok()?;
        // Read-only: it is a view of the runtime's source, edits would be lost.
        let mut perms = std::fs::metadata(&path).ok()?.permissions();
        perms.set_readonly(true);
        let _ = std::fs::set_permissions(&path, perms);
    }
    let parse = syntax::parse(src);
    let (nodes, _) = lower_file(&parse.root());
    let mut defs = HashMap::new();
    for n in &nodes {
        let Some(items) = n.list() else { continue };
        let Some(head) = items.first().and_then(|h| h.symbol()) else {
            continue;
        };
        if !head.name.starts_with("def") {
            continue;
        }
        if let Some(name) = items.get(1).map(|x| x.strip_meta())
            && let NodeKind::Symbol(s) = &name.kind
        {
            defs.entry(s.name.clone()).or_insert(name.range);
        }
    }
    Some(CoreSources {
        path,
        index: LineIndex::new(src),
        defs,
    })
}

/// The embedded core's sources, written to the cache on first use.
pub fn get() -> Option<&'static CoreSources> {
    static CORE: OnceLock<Option<CoreSources>> = OnceLock::new();
    CORE.get_or_init(build).as_ref()
}
