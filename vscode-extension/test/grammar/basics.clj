; SYNTAX TEST "source.clojure" "literals, collections, definitions and reader syntax"
(defn greet "Says hi." [name] (str "Hello, " name))
; <- punctuation.section.list.begin.clojure
;^^^^ keyword.control.def.clojure
;     ^^^^^ entity.name.function.clojure
;           ^^^^^^^^^^ string.quoted.double.clojure
;                      ^ punctuation.section.vector.begin.clojure
;                              ^^^ entity.name.function.call.clojure
(def m {:a 1, ::b 2.5 :c/d 3/4 :e 1.5M :f 42N :g 0xFF :h 2r101 :i ##Inf})
;       ^^ constant.keyword.clojure
;             ^^^ constant.keyword.clojure
;                 ^^^ constant.numeric.double.clojure
;                     ^^^^ constant.keyword.clojure
;                          ^^^ constant.numeric.ratio.clojure
;                                 ^^^^ constant.numeric.bigdecimal.clojure
;                                         ^^^ constant.numeric.long.clojure
;                                                ^^^^ constant.numeric.hex.clojure
;                                                        ^^^^^ constant.numeric.radix.clojure
;                                                                 ^^^^^ constant.numeric.symbolic.clojure
(if nil true \a) ; done
;^^ keyword.control.special.clojure
;   ^^^ constant.language.clojure
;       ^^^^ constant.language.clojure
;            ^^ constant.character.clojure
;                ^^^^^^ comment.line.semicolon.clojure
(list #"a\d+" #{1 2} #(inc %) #'foo @x `(a ~b ~@c) 'q #_ (skip) ^:private x)
;     ^^^^^^^ string.regexp.clojure
;             ^^ punctuation.section.set.begin.clojure
;                    ^^ punctuation.section.fn-literal.begin.clojure
;                             ^^ keyword.operator.var-quote.clojure
;                                   ^ keyword.operator.macro.clojure
;                                      ^ keyword.operator.macro.clojure
;                                             ^^ keyword.operator.macro.clojure
;                                                  ^ keyword.operator.macro.clojure
;                                                     ^^ comment.block.discard.clojure
;                                                               ^ punctuation.metadata.clojure
(list #?(:clj 1 :cljw 2) #inst "2020-01-01" #:user{:a 1})
;     ^^ keyword.control.reader-conditional.clojure
;               ^^^^^ constant.keyword.clojure
;                        ^^^^^ storage.type.tag.clojure
;                                           ^^^^^^ entity.name.namespace.clojure
