//! Building green trees fast: a stack of children per open node, and a token interner.
//!
//! rowan's `GreenNodeBuilder` hashes every token and every small node through its
//! `NodeCache`. Most tokens of Clojure code are one byte long (delimiters, a space, a
//! newline), so this interner keeps those in a direct table, shares other short tokens
//! through a direct-mapped cache (symbols and keywords repeat a lot), and allocates long ones
//! (strings, comments) without hashing. Nodes are built with `GreenNode::new` straight from
//! the child stack.

use std::hash::Hasher;

use rowan::{GreenNode, GreenToken, NodeOrToken};
use rustc_hash::FxHasher;

use crate::SyntaxKind;

/// Tokens longer than this are not interned.
const MAX_INTERNED_LEN: usize = 24;

/// Slots of the direct-mapped cache of short tokens (a power of two).
const CACHE_SLOTS: usize = 1 << 10;

/// Shares identical tokens between trees. One per thread (see [`crate::with_interner`]).
///
/// Short tokens go through a direct-mapped cache: one probe, a hash and a text comparison
/// against the token itself (no separate key allocation, bounded memory). A collision just
/// replaces the slot, so sharing is best-effort, which is all a green tree needs.
#[derive(Default)]
pub(crate) struct Interner {
    /// One-byte ASCII tokens, indexed by `kind * 128 + byte`.
    single: Vec<Option<GreenToken>>,
    /// Other short tokens: (hash, token) by `hash % CACHE_SLOTS`.
    cache: Vec<Option<(u64, GreenToken)>>,
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
                if self.cache.is_empty() {
                    self.cache = vec![None; CACHE_SLOTS];
                }
                let mut h = FxHasher::default();
                h.write(text.as_bytes());
                h.write_u16(kind as u16);
                let hash = h.finish();
                let slot = &mut self.cache[(hash as usize) & (CACHE_SLOTS - 1)];
                if let Some((sh, token)) = slot
                    && *sh == hash
                    && token.kind() == raw
                    && token.text() == text
                {
                    return token.clone();
                }
                let token = GreenToken::new(raw, text);
                *slot = Some((hash, token.clone()));
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
