//! Making an image: walks everything reachable from the namespaces and writes each shared
//! object once.
//!
//! Immutable objects are written after their parts (their graph has no cycles); cells (vars,
//! atoms, volatiles, lazy seqs) get their index first and their contents later, from a work list, which
//! breaks every cycle — a cycle must pass through a cell, since only cells can be changed to
//! point at something made after them.

use std::collections::HashMap;
use std::rc::Rc;

use super::SnapshotError;
use super::image::{ChunkImage, Image, Node, NsImage, V};
use crate::chunk::Chunk;
use crate::gc::addr;
use crate::runtime::{Atom, Var};
use crate::value::Value;
use crate::value::obj::Obj;
use crate::value::seq::{LazySeq, Seq};
use crate::vm::{FnProto, Interp};

/// Nesting allowed among immutable objects (deeper data is not start-up state).
const MAX_DEPTH: usize = 2_000;

enum Cell {
    Var(Rc<Var>),
    Atom(Rc<Atom>),
    Volatile(Rc<Obj>),
    Lazy(Rc<LazySeq>),
}

struct Writer {
    nodes: Vec<Node>,
    /// Index of each object already written, by address.
    ids: HashMap<usize, u32>,
    pending: Vec<(u32, Cell)>,
    depth: usize,
}

pub fn capture(interp: &Interp) -> Result<Image, SnapshotError> {
    let mut w = Writer {
        nodes: Vec::new(),
        ids: HashMap::new(),
        pending: Vec::new(),
        depth: 0,
    };
    let mut all: Vec<_> = interp.namespaces.borrow().values().cloned().collect();
    all.sort_by(|a, b| a.name().cmp(b.name()));
    let mut namespaces = Vec::new();
    for ns in &all {
        let sorted = |m: &HashMap<Rc<str>, Rc<Var>>| {
            let mut v: Vec<_> = m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        let vars = sorted(&ns.vars.borrow());
        let refers = sorted(&ns.refers.borrow());
        let mut aliases: Vec<_> = (ns.aliases.borrow().iter())
            .map(|(k, v)| (k.to_string(), v.name().to_string()))
            .collect();
        aliases.sort();
        let mut imports: Vec<_> = (ns.imports.borrow().iter())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        imports.sort();
        namespaces.push(NsImage {
            name: ns.name().to_string(),
            vars: vars
                .into_iter()
                .map(|(k, v)| (k, w.cell(&v, Cell::Var(v.clone()))))
                .collect(),
            refers: refers
                .into_iter()
                .map(|(k, v)| (k, w.cell(&v, Cell::Var(v.clone()))))
                .collect(),
            aliases,
            imports,
        });
    }
    while let Some((id, cell)) = w.pending.pop() {
        let node = w.fill(&cell)?;
        w.nodes[id as usize] = node;
    }
    Ok(Image {
        namespaces,
        nodes: w.nodes,
        current_ns: interp.current_ns.borrow().name().to_string(),
        gensym: interp.gensym.get(),
    })
}

impl Writer {
    /// The index of a cell, reserving it (contents to follow) on first sight.
    fn cell<T: ?Sized>(&mut self, rc: &Rc<T>, cell: Cell) -> u32 {
        if let Some(&id) = self.ids.get(&addr(rc)) {
            return id;
        }
        let id = self.nodes.len() as u32;
        self.nodes.push(Node::Pending);
        self.ids.insert(addr(rc), id);
        self.pending.push((id, cell));
        id
    }

    fn fill(&mut self, cell: &Cell) -> Result<Node, SnapshotError> {
        Ok(match cell {
            Cell::Var(v) => Node::Var {
                ns: v.ns.to_string(),
                name: v.name.to_string(),
                dynamic: v.dynamic.get(),
                macro_: v.macro_.get(),
                private: v.private.get(),
                root: self.opt(v.root().as_ref())?,
                meta: self.opt(v.meta.borrow().as_ref())?,
            },
            Cell::Atom(a) => Node::Atom {
                value: self.value(&a.deref())?,
                validator: self.opt(a.validator.borrow().as_ref())?,
                watches: self.pairs(a.watches.borrow().iter().map(|(k, v)| (k, v)))?,
                meta: self.opt(a.meta.borrow().as_ref())?,
            },
            Cell::Volatile(o) => match &**o {
                Obj::Volatile(c) => Node::Volatile(self.value(&c.borrow())?),
                _ => unreachable!("only volatiles are queued as object cells"),
            },
            Cell::Lazy(l) => match l.image_state() {
                Some((realized, v)) => Node::Lazy {
                    realized,
                    value: self.value(&v)?,
                },
                None => {
                    return Err(SnapshotError::Unsupported(
                        "a lazy seq realized by a native step".into(),
                    ));
                }
            },
        })
    }

    fn opt(&mut self, v: Option<&Value>) -> Result<Option<V>, SnapshotError> {
        v.map(|v| self.value(v)).transpose()
    }

    fn values<'a>(&mut self, vs: impl Iterator<Item = &'a Value>) -> Result<Vec<V>, SnapshotError> {
        vs.map(|v| self.value(v)).collect()
    }

    fn pairs<'a>(
        &mut self,
        ps: impl Iterator<Item = (&'a Value, &'a Value)>,
    ) -> Result<Vec<(V, V)>, SnapshotError> {
        ps.map(|(k, v)| Ok((self.value(k)?, self.value(v)?)))
            .collect()
    }

    fn value(&mut self, v: &Value) -> Result<V, SnapshotError> {
        Ok(match v {
            Value::Nil => V::Nil,
            Value::Bool(b) => V::Bool(*b),
            Value::Long(n) => V::Long(*n),
            Value::Double(d) => V::Double(*d),
            Value::Char(c) => V::Char(*c),
            Value::Str(s) => V::Str(s.to_string()),
            Value::Keyword(k) => V::Keyword(k.ns().map(str::to_string), k.name().to_string()),
            Value::Symbol(s) => V::Symbol(
                s.ns().map(str::to_string),
                s.name().to_string(),
                self.opt(s.meta())?.map(Box::new),
            ),
            Value::Var(var) => V::Node(self.cell(var, Cell::Var(var.clone()))),
            Value::Atom(a) => V::Node(self.cell(a, Cell::Atom(a.clone()))),
            Value::LazySeq(l) => V::Node(self.cell(l, Cell::Lazy(l.clone()))),
            Value::Obj(o) if matches!(&**o, Obj::Volatile(_)) => {
                V::Node(self.cell(o, Cell::Volatile(o.clone())))
            }
            _ => V::Node(self.node(v)?),
        })
    }

    /// The index of an immutable object, writing it (after its parts) on first sight.
    fn node(&mut self, v: &Value) -> Result<u32, SnapshotError> {
        let key = v.ref_addr().map(|p| p as usize);
        if let Some(id) = key.and_then(|k| self.ids.get(&k)) {
            return Ok(*id);
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SnapshotError::Unsupported("data nested this deep".into()));
        }
        let node = self.build(v);
        self.depth -= 1;
        Ok(self.push(key, node?))
    }

    fn push(&mut self, key: Option<usize>, node: Node) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(node);
        if let Some(k) = key {
            self.ids.insert(k, id);
        }
        id
    }

    fn build(&mut self, v: &Value) -> Result<Node, SnapshotError> {
        Ok(match v {
            Value::BigInt(n) => Node::BigInt(n.to_string()),
            Value::Ratio(r) => Node::Ratio(r.to_string()),
            Value::BigDec(d) => {
                let (digits, scale) = d.as_bigint_and_exponent();
                Node::BigDec(digits.to_string(), scale)
            }
            Value::List(l) => Node::List(self.values(l.iter())?, self.opt(l.meta.as_ref())?),
            Value::Vector(x) => Node::Vector(self.values(x.iter())?, self.opt(x.meta.as_ref())?),
            Value::Map(m) => {
                let entries = m.entries();
                Node::Map {
                    array: m.is_array(),
                    entries: self.pairs(entries.iter().map(|(k, v)| (k, v)))?,
                    meta: self.opt(m.meta.as_ref())?,
                    tag: m.tag.as_deref().map(str::to_string),
                }
            }
            Value::Set(s) => Node::Set(self.values(s.items().iter())?, self.opt(s.meta.as_ref())?),
            Value::Seq(s) => match &**s {
                Seq::Cons { first, rest, meta } => Node::Cons {
                    first: self.value(first)?,
                    rest: self.value(rest)?,
                    meta: self.opt(meta.as_ref())?,
                },
                _ => return Err(SnapshotError::Unsupported("a seq over a collection".into())),
            },
            Value::Fn(c) => Node::Fn {
                proto: self.proto(&c.proto)?,
                captures: self.values(c.captures.iter())?,
                meta: self.opt(c.meta.as_ref())?,
            },
            Value::Native(n) => Node::Native(n.id),
            Value::Namespace(ns) => Node::Namespace(ns.name().to_string()),
            Value::Regex(r) => Node::Regex(r.as_str().to_string()),
            Value::Obj(o) => match &**o {
                Obj::Reduced(x) => Node::Reduced(self.value(x)?),
                Obj::Instance { tag, fields } => Node::Instance {
                    tag: tag.to_string(),
                    fields: self.value(fields)?,
                },
                Obj::Sorted(s) => Node::Sorted {
                    is_map: s.is_map,
                    entries: self.pairs(s.entries.iter().map(|(k, v)| (k, v)))?,
                    cmp: self.opt(s.cmp.as_ref())?,
                    meta: self.opt(s.meta.as_ref())?,
                },
                other => return Err(SnapshotError::Unsupported(other.type_name().into())),
            },
            other => {
                return Err(SnapshotError::Unsupported(other.type_name().into()));
            }
        })
    }

    fn proto(&mut self, p: &Rc<FnProto>) -> Result<u32, SnapshotError> {
        if let Some(&id) = self.ids.get(&addr(p)) {
            return Ok(id);
        }
        let arities = (p.arities().iter())
            .map(|c| self.chunk(c))
            .collect::<Result<_, _>>()?;
        let node = Node::Proto {
            name: p.name.clone(),
            ns: p.ns.to_string(),
            arities,
        };
        Ok(self.push(Some(addr(p)), node))
    }

    fn chunk(&mut self, c: &Rc<Chunk>) -> Result<u32, SnapshotError> {
        if let Some(&id) = self.ids.get(&addr(c)) {
            return Ok(id);
        }
        let image = ChunkImage {
            name: c.name.clone(),
            code: c.code.clone(),
            consts: self.values(c.consts.iter())?,
            protos: (c.protos.iter())
                .map(|p| self.proto(p))
                .collect::<Result<_, _>>()?,
            positions: c.positions.clone(),
            file: c.file.to_string(),
            params: c.params,
            variadic: c.variadic,
            slots: c.slots,
        };
        Ok(self.push(Some(addr(c)), Node::Chunk(Box::new(image))))
    }
}
