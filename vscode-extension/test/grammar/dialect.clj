; SYNTAX TEST "source.clojure" "ClojureWasm calls and qualified symbols"
(wasm/call m "add" 1 2)
;^^^^ entity.name.namespace.wasm.clojure
;    ^ punctuation.separator.namespace.clojure
;     ^^^^ support.function.wasm.clojure
;            ^^^^^ string.quoted.double.clojure
(str/join ", " (map inc xs))
;^^^^^^^^ entity.name.function.call.clojure
(foo-bar? swap! *ns* clojure.core/map)
;         ^^^^^ variable.other.symbol.clojure
;               ^^^^ variable.other.symbol.clojure
;                    ^^^^^^^^^^^^ entity.name.namespace.clojure
;                                 ^^^ variable.other.symbol.clojure
