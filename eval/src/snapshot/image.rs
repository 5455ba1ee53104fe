//! The serialised form of an image: plain data (no `Rc`s) that `postcard` encodes.
//!
//! Values that own nothing shared (immediates, strings, keywords, symbols) are stored
//! inline as [`V`]; everything else is a [`Node`] in the image's table, referred to by
//! index, so sharing and identity are kept.

use serde::{Deserialize, Serialize};

use crate::chunk::Op;

/// A whole runtime's state.
#[derive(Serialize, Deserialize)]
pub struct Image {
    pub namespaces: Vec<NsImage>,
    pub nodes: Vec<Node>,
    pub current_ns: String,
    pub gensym: u64,
}

/// A namespace's tables; vars are node indices.
#[derive(Serialize, Deserialize)]
pub struct NsImage {
    pub name: String,
    pub vars: Vec<(String, u32)>,
    pub refers: Vec<(String, u32)>,
    pub aliases: Vec<(String, String)>,
    pub imports: Vec<(String, String)>,
}

/// A value inline, or a reference to a node.
#[derive(Serialize, Deserialize)]
pub enum V {
    Nil,
    Bool(bool),
    Long(i64),
    Double(f64),
    Char(char),
    Str(String),
    Keyword(Option<String>, String),
    Symbol(Option<String>, String, Option<Box<V>>),
    Node(u32),
}

/// A shared object. `Var`, `Atom`, `Volatile` and `Lazy` are cells: restoring creates them first
/// and fills them last, which is what lets their contents refer back to them.
#[derive(Serialize, Deserialize)]
pub enum Node {
    /// A cell whose contents are not written yet (never left in a finished image).
    Pending,
    BigInt(String),
    Ratio(String),
    /// Unscaled digits and scale.
    BigDec(String, i64),
    List(Vec<V>, Option<V>),
    Vector(Vec<V>, Option<V>),
    Map {
        array: bool,
        entries: Vec<(V, V)>,
        meta: Option<V>,
        tag: Option<String>,
    },
    Set(Vec<V>, Option<V>),
    Cons {
        first: V,
        rest: V,
        meta: Option<V>,
    },
    Fn {
        proto: u32,
        captures: Vec<V>,
        meta: Option<V>,
    },
    Proto {
        name: Option<String>,
        ns: String,
        arities: Vec<u32>,
    },
    Chunk(Box<ChunkImage>),
    /// Index in [`crate::core::native_table`].
    Native(u32),
    Var {
        ns: String,
        name: String,
        dynamic: bool,
        macro_: bool,
        private: bool,
        root: Option<V>,
        meta: Option<V>,
    },
    Atom {
        value: V,
        validator: Option<V>,
        watches: Vec<(V, V)>,
        meta: Option<V>,
    },
    Volatile(V),
    /// A lazy seq, pending (the value is its thunk) or realized (the value is its seq).
    Lazy {
        realized: bool,
        value: V,
    },
    Reduced(V),
    Instance {
        tag: String,
        fields: V,
    },
    Sorted {
        is_map: bool,
        entries: Vec<(V, V)>,
        cmp: Option<V>,
        meta: Option<V>,
    },
    Namespace(String),
    Regex(String),
}

/// A compiled body ([`crate::chunk::Chunk`]); prototypes are node indices.
#[derive(Serialize, Deserialize)]
pub struct ChunkImage {
    pub name: String,
    pub code: Vec<Op>,
    pub consts: Vec<V>,
    pub protos: Vec<u32>,
    pub positions: Vec<(u32, u32)>,
    pub file: String,
    pub params: u16,
    pub variadic: bool,
    pub slots: u16,
}
