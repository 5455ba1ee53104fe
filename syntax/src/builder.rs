//! Building green trees fast: a stack of children per open node, and a token interner.
//!
//! rowan's `GreenNodeBuilder` hashes every token and every small node through its
//! `NodeCache`. Most tokens of Clojure code are one byte long (delimiters, a space, a
//! newline), so this interner keeps those in a direct table, interns other short tokens by
//! text (symbols and keywords repeat a lot), and allocates long ones (strings, comments)
//! without hashing. Nodes are built with `GreenNode::new` straight from the child stack.

use std::collections::HashMap;

use rowan::{GreenNode, GreenToken, NodeOrToken};
use rustc_hash::FxHasher;

use crate::SyntaxKind;

type FxMap<V> = HashMap<Box<str>, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Tokens longer than this are not interned.
const MAX_INTERNED_LEN: usize = 24;

/// Shares identical tokens between trees. One per thread (see [`crate::with_interner`]).
#[derive(Default)]
pub(crate) struct Interner {
    /// One-byte ASCII tokens, indexed by `kind * 128 + byte`.
    single: Vec<Option<GreenToken>>,
    /// Other short tokens, one map per kind.
    by_kind: Vec<FxMap<GreenToken>>,
    /// Bytes of input parsed with this interner (it is replaced after a while).
    pub(crate) seen: usize,
}

impl Interner {
    #[inline]
    pub(crate) fn token(&mut self, kind: SyntaxKind, text: &str) -> GreenToken {
        let raw = kind.into();
        match text.as_bytes() {
            [b] if *b < 0x80 => {
                if self.single.is_empty() {
                    self.single = vec![None; SyntaxKind::COUNT as usize * 128];
                }
                let slot = &mut self.single[kind as usize * 128 + *b as usize];
                slot.get_or_insert_with(|| GreenToken::new(raw, text))
                    .clone()
            }
            _ if text.len() <= MAX_INTERNED_LEN => {
                if self.by_kind.is_empty() {
                    self.by_kind = (0..SyntaxKind::COUNT).map(|_| FxMap::default()).collect();
                }
                let map = &mut self.by_kind[kind as usize];
                if let Some(token) = map.get(text) {
                    return token.clone();
                }
                let token = GreenToken::new(raw, text);
                map.insert(text.into(), token.clone());
                token
            }
            _ => GreenToken::new(raw, text),
        }
    }
}

/// Builds one green tree.
pub(crate) struct Builder<'i> {
    interner: &'i mut Interner,
    /// Open nodes: their kind and where their children start in `children`.
    parents: Vec<(SyntaxKind, usize)>,
    children: Vec<NodeOrToken<GreenNode, GreenToken>>,
}

impl<'i> Builder<'i> {
    pub(crate) fn new(interner: &'i mut Interner) -> Builder<'i> {
        Builder {
            interner,
            parents: Vec::with_capacity(32),
            children: Vec::with_capacity(256),
        }
    }

    #[inline]
    pub(crate) fn token(&mut self, kind: SyntaxKind, text: &str) {
        let token = self.interner.token(kind, text);
        self.children.push(NodeOrToken::Token(token));
    }

    #[inline]
    pub(crate) fn start_node(&mut self, kind: SyntaxKind) {
        self.parents.push((kind, self.children.len()));
    }

    #[inline]
    pub(crate) fn finish_node(&mut self) {
        let (kind, first) = self.parents.pop().expect("finish_node without start_node");
        let node = GreenNode::new(kind.into(), self.children.drain(first..));
        self.children.push(NodeOrToken::Node(node));
    }

    /// The finished root (the last node finished).
    pub(crate) fn finish(mut self) -> GreenNode {
        debug_assert!(self.parents.is_empty() && self.children.len() == 1);
        match self.children.pop() {
            Some(NodeOrToken::Node(node)) => node,
            _ => GreenNode::new(SyntaxKind::ROOT.into(), std::iter::empty()),
        }
    }
}
