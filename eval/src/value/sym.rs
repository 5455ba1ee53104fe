//! Symbols and keywords.
//!
//! Keywords are interned per thread: two keywords are equal exactly when they are the same
//! `Rc`, which makes keyword comparison and map lookup by keyword a pointer check. Symbols
//! are small values (namespace, name, metadata) compared by namespace and name.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::Value;
use super::hash::{keyword_hash, symbol_hash};

struct KeywordData {
    ns: Option<Rc<str>>,
    name: Rc<str>,
    hash: i32,
}

/// An interned keyword.
#[derive(Clone)]
pub struct Keyword(Rc<KeywordData>);

/// Interned keywords by (namespace, name).
type KeywordTable = HashMap<(Option<Rc<str>>, Rc<str>), Keyword>;

thread_local! {
    static KEYWORDS: RefCell<KeywordTable> = RefCell::new(HashMap::new());
}

impl Keyword {
    pub fn intern(ns: Option<&str>, name: &str) -> Keyword {
        KEYWORDS.with(|table| {
            let key = (ns.map(Rc::from), Rc::from(name));
            if let Some(k) = table.borrow().get(&key) {
                return k.clone();
            }
            let k = Keyword(Rc::new(KeywordData {
                hash: keyword_hash(ns, name),
                ns: key.0.clone(),
                name: key.1.clone(),
            }));
            table.borrow_mut().insert(key, k.clone());
            k
        })
    }

    /// `:a`, `:a/b` (without the leading colon).
    pub fn parse(text: &str) -> Keyword {
        let (ns, name) = split(text);
        Keyword::intern(ns, name)
    }

    pub fn ns(&self) -> Option<&str> {
        self.0.ns.as_deref()
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    pub fn hash(&self) -> i32 {
        self.0.hash
    }

    pub fn ptr_eq(&self, other: &Keyword) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl PartialEq for Keyword {
    fn eq(&self, other: &Keyword) -> bool {
        self.ptr_eq(other)
    }
}

struct SymbolData {
    ns: Option<Rc<str>>,
    name: Rc<str>,
    meta: Option<Value>,
}

/// A symbol: optional namespace, name, and metadata (ignored by equality).
#[derive(Clone)]
pub struct Symbol(Rc<SymbolData>);

/// Splits `ns/name` as the reader does: `/` alone and `ns//` keep `/` as the name.
pub use syntax::ast::split_qualified as split;

impl Symbol {
    pub fn new(ns: Option<&str>, name: &str) -> Symbol {
        Symbol(Rc::new(SymbolData {
            ns: ns.map(Rc::from),
            name: Rc::from(name),
            meta: None,
        }))
    }

    /// `a`, `ns/name`, `clojure.core//`.
    pub fn parse(text: &str) -> Symbol {
        let (ns, name) = split(text);
        Symbol::new(ns, name)
    }

    pub fn ns(&self) -> Option<&str> {
        self.0.ns.as_deref()
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    pub fn meta(&self) -> Option<&Value> {
        self.0.meta.as_ref()
    }

    /// The name, shared: a record made from a type symbol shares its name as its tag.
    pub fn name_rc(&self) -> &Rc<str> {
        &self.0.name
    }

    pub fn with_meta(&self, meta: Option<Value>) -> Symbol {
        Symbol(Rc::new(SymbolData {
            ns: self.0.ns.clone(),
            name: self.0.name.clone(),
            meta,
        }))
    }

    /// The same symbol without its namespace.
    pub fn unqualified(&self) -> Symbol {
        Symbol::new(None, self.name())
    }

    pub fn is_simple(&self, name: &str) -> bool {
        self.0.ns.is_none() && &*self.0.name == name
    }

    pub fn hash(&self) -> i32 {
        symbol_hash(self.ns(), self.name())
    }

    /// `ns/name` or `name`.
    pub fn full_name(&self) -> String {
        match self.ns() {
            Some(ns) => format!("{ns}/{}", self.name()),
            None => self.name().to_string(),
        }
    }
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || (self.0.ns == other.0.ns && self.0.name == other.0.name)
    }
}

impl std::fmt::Debug for Symbol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.full_name())
    }
}

impl std::fmt::Debug for Keyword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.ns() {
            Some(ns) => write!(f, ":{ns}/{}", self.name()),
            None => write!(f, ":{}", self.name()),
        }
    }
}
