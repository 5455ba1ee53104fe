//! Reading a module's interface — exports and imports with their kinds and signatures —
//! without compiling or instantiating it, for the linter and the language server.
//!
//! `.wat` text is converted to binary with the `wat` crate; the binary is walked with
//! `wasmparser` (the parser wasmtime itself uses). [`read_module_file`] caches results by
//! path and modification time, so lint runs and completion requests read each module once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use wasmparser::{CompositeInnerType, Parser, Payload, TypeRef, ValType};

/// What an export or import is, with its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    Func {
        params: Vec<String>,
        results: Vec<String>,
    },
    Memory {
        min: u64,
        max: Option<u64>,
    },
    Table {
        min: u64,
    },
    Global {
        ty: String,
        mutable: bool,
    },
    Tag,
}

impl ItemKind {
    /// `(i32, i32) -> i32`, `memory (min 1)`, …
    pub fn describe(&self) -> String {
        match self {
            ItemKind::Func { params, results } => {
                let r = match results.len() {
                    0 => "()".to_string(),
                    1 => results[0].clone(),
                    _ => format!("({})", results.join(", ")),
                };
                format!("({}) -> {r}", params.join(", "))
            }
            ItemKind::Memory { min, max } => match max {
                Some(m) => format!("memory (min {min}, max {m} pages)"),
                None => format!("memory (min {min} pages)"),
            },
            ItemKind::Table { min } => format!("table (min {min})"),
            ItemKind::Global { ty, mutable } => {
                format!("global {}{ty}", if *mutable { "mut " } else { "" })
            }
            ItemKind::Tag => "tag".into(),
        }
    }
}

/// An export: its name and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportInfo {
    pub name: String,
    pub kind: ItemKind,
}

/// An import: module, field and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportInfo {
    pub module: String,
    pub name: String,
    pub kind: ItemKind,
}

/// A module's interface.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleInfo {
    pub exports: Vec<ExportInfo>,
    pub imports: Vec<ImportInfo>,
}

impl ModuleInfo {
    pub fn export(&self, name: &str) -> Option<&ExportInfo> {
        self.exports.iter().find(|e| e.name == name)
    }
}

/// Why a module could not be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    #[error("invalid WebAssembly text: {0}")]
    Wat(String),
    #[error("invalid WebAssembly module: {0}")]
    Binary(String),
}

fn val_type(t: ValType) -> String {
    match t {
        ValType::I32 => "i32".into(),
        ValType::I64 => "i64".into(),
        ValType::F32 => "f32".into(),
        ValType::F64 => "f64".into(),
        ValType::V128 => "v128".into(),
        ValType::Ref(_) => "ref".into(),
    }
}

/// Reads the interface of a module given as `.wasm` bytes or `.wat` text.
pub fn read_module(bytes: &[u8]) -> Result<ModuleInfo, ReadError> {
    let binary = if bytes.starts_with(b"\0asm") {
        std::borrow::Cow::Borrowed(bytes)
    } else {
        std::borrow::Cow::Owned(
            wat::parse_bytes(bytes)
                .map_err(|e| ReadError::Wat(e.to_string()))?
                .into_owned(),
        )
    };
    let bin = |e: wasmparser::BinaryReaderError| ReadError::Binary(e.to_string());
    let mut types: Vec<Option<(Vec<String>, Vec<String>)>> = Vec::new();
    let mut funcs: Vec<u32> = Vec::new();
    let mut memories: Vec<ItemKind> = Vec::new();
    let mut tables: Vec<ItemKind> = Vec::new();
    let mut globals: Vec<ItemKind> = Vec::new();
    let mut info = ModuleInfo::default();
    let mut exports = Vec::new();
    let func_kind =
        |types: &[Option<(Vec<String>, Vec<String>)>], idx: u32| match types.get(idx as usize) {
            Some(Some((p, r))) => ItemKind::Func {
                params: p.clone(),
                results: r.clone(),
            },
            _ => ItemKind::Func {
                params: Vec::new(),
                results: Vec::new(),
            },
        };
    for payload in Parser::new(0).parse_all(&binary) {
        match payload.map_err(bin)? {
            Payload::TypeSection(r) => {
                for group in r {
                    for sub in group.map_err(bin)?.into_types() {
                        types.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(f) => Some((
                                f.params().iter().map(|t| val_type(*t)).collect(),
                                f.results().iter().map(|t| val_type(*t)).collect(),
                            )),
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp.map_err(bin)?;
                    let kind = match imp.ty {
                        TypeRef::Func(i) | TypeRef::FuncExact(i) => {
                            funcs.push(i);
                            func_kind(&types, i)
                        }
                        TypeRef::Memory(m) => {
                            let k = ItemKind::Memory {
                                min: m.initial,
                                max: m.maximum,
                            };
                            memories.push(k.clone());
                            k
                        }
                        TypeRef::Table(t) => {
                            let k = ItemKind::Table { min: t.initial };
                            tables.push(k.clone());
                            k
                        }
                        TypeRef::Global(g) => {
                            let k = ItemKind::Global {
                                ty: val_type(g.content_type),
                                mutable: g.mutable,
                            };
                            globals.push(k.clone());
                            k
                        }
                        TypeRef::Tag(_) => ItemKind::Tag,
                    };
                    info.imports.push(ImportInfo {
                        module: imp.module.to_string(),
                        name: imp.name.to_string(),
                        kind,
                    });
                }
            }
            Payload::FunctionSection(r) => {
                for f in r {
                    funcs.push(f.map_err(bin)?);
                }
            }
            Payload::MemorySection(r) => {
                for m in r {
                    let m = m.map_err(bin)?;
                    memories.push(ItemKind::Memory {
                        min: m.initial,
                        max: m.maximum,
                    });
                }
            }
            Payload::TableSection(r) => {
                for t in r {
                    tables.push(ItemKind::Table {
                        min: t.map_err(bin)?.ty.initial,
                    });
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    let g = g.map_err(bin)?;
                    globals.push(ItemKind::Global {
                        ty: val_type(g.ty.content_type),
                        mutable: g.ty.mutable,
                    });
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.map_err(bin)?;
                    exports.push((e.name.to_string(), e.kind, e.index));
                }
            }
            _ => {}
        }
    }
    for (name, kind, index) in exports {
        let i = index as usize;
        let kind = match kind {
            wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                func_kind(&types, funcs.get(i).copied().unwrap_or(u32::MAX))
            }
            wasmparser::ExternalKind::Memory => memories
                .get(i)
                .cloned()
                .unwrap_or(ItemKind::Memory { min: 0, max: None }),
            wasmparser::ExternalKind::Table => {
                tables.get(i).cloned().unwrap_or(ItemKind::Table { min: 0 })
            }
            wasmparser::ExternalKind::Global => {
                globals.get(i).cloned().unwrap_or(ItemKind::Global {
                    ty: "i32".into(),
                    mutable: false,
                })
            }
            wasmparser::ExternalKind::Tag => ItemKind::Tag,
        };
        info.exports.push(ExportInfo { name, kind });
    }
    Ok(info)
}

type Cache = HashMap<PathBuf, (Option<SystemTime>, Arc<Result<ModuleInfo, ReadError>>)>;

/// Reads a module file's interface, cached by path and modification time.
pub fn read_module_file(path: &Path) -> Arc<Result<ModuleInfo, ReadError>> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if let Ok(c) = cache.lock()
        && let Some((t, info)) = c.get(path)
        && *t == mtime
        && mtime.is_some()
    {
        return info.clone();
    }
    let result = match std::fs::read(path) {
        Ok(bytes) => read_module(&bytes),
        Err(e) => Err(ReadError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }),
    };
    let result = Arc::new(result);
    if let Ok(mut c) = cache.lock() {
        c.insert(path.to_path_buf(), (mtime, result.clone()));
    }
    result
}
