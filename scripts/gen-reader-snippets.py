#!/usr/bin/env python3
"""Writes fixtures/reader/snippets.edn: reader-syntax snippets (one EDN string per line) for
the differential test against JVM Clojure's reader. Deterministic (fixed seed): hand-picked
cases first, then random concatenations of pieces that exercise every token and recovery
path. `#=` is left out (the JVM rejects it only because *read-eval* is off; kiln parses it
and the linter flags it)."""
import random

PIECES = [
    "(", ")", "[", "]", "{", "}", "#{", "#(", "\"", "\\", "#\"", "'", "`", "~", "~@", "@", "^",
    "#^", "#'", "#_", "#?", "#?@", "#:ns", "#::", "#inst", "##Inf", "##X", "#", "#<", "#!",
    ";", "\n", " ", ",", "a", "foo/bar", ":k", "::k", ":", "1", "1.5", "1/2", "0x1F", "08", "1.2.3",
    "\\a", "\\newline", "\\u00e9", "é", "%", "%1", "nil", "\"s\"", "a/", "/", ":a/b", "1N", "2r1",
    "\\u", "1/0", "x#", ".", "..", "-1", "+", "#js", ":clj", ":cljs", "#foo/bar", "\\o7", "\"\\q\"",
]

HAND = [
    "42", "-7", "+3", "0x1F", "017", "2r1010", "36rZZ", "42N", "1.5", "1e10", "-1.5e-3", "1.5M",
    "1/3", "##Inf", "##-Inf", "##NaN", "\"a\\nb\"", "\\newline", "\\space", "\\tab", "\\u00e9",
    "\\o12", "\\(", ":a", ":a/b", "::a", "::alias/b", "ns/name", "/", "clojure.core//", "..",
    ".method", "Class.", "a.b/c", "#\"re\"", "(a [b] {:c d} #{e})", "#:ns{:a 1}", "#::{:a 1}",
    "#::alias{:a 1}", "'a", "`a", "~a", "~@a", "@a", "^:kw a", "^Type a", "^{:a 1} a", "#^T a",
    "#'a", "#(+ % %1 %&)", "#_ a b", "#_ #_ a b c", "#?(:clj 1 :cljs 2)", "[#?@(:clj [1 2])]",
    "#inst \"2020-01-01T00:00:00Z\"", "#uuid \"00000000-0000-0000-0000-000000000000\"", "#foo/bar x",
    "1.2.3", "08", ":", "::", ":a:", "a::b", "(", ")", "]", "\"abc", "#\"abc", "\\", "#", "# a",
    "#<a>", "^:kw", "#_", "'", "\\abc", "\\u00", "\\o400", "##Foo", "#(#(a))", "#?[1]", "#:ns[1]",
    "#?(:clj)", "#?(1 2)", "#?@(:clj [1])", "^1 a", "^:a 1", "^:a nil", "1/0", ":5", ":1.10",
    "a/1", "/a", "#!shebang\n1", "\"\\u00e9\\101\"", "\"\\8\"", "\\é", "#:a{1 2}", "#::a{:b 1}",
    "(a ^:m)", "[a #_]", "{:a 1 :b}", "{:a 1 :a 2}", "#{1 1}", "#?(:cljs 1)", "^'x y", "^\"S\" x",
]

def main():
    rng = random.Random(20261122)
    snippets = list(HAND)
    seen = set(snippets)
    while len(snippets) < 2500:
        s = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 7)))
        if s not in seen:
            seen.add(s)
            snippets.append(s)
    def edn(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'
    with open("fixtures/reader/snippets.edn", "w") as f:
        for s in snippets:
            f.write(edn(s) + "\n")

main()
