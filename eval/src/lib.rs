//! `eval`: the embedded runtime of the ClojureWasm dialect (reader, compiler, VM, GC).
