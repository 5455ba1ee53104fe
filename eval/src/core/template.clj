(ns clojure.template
  "Macros that expand to repeated copies of a template expression."
  (:require [clojure.walk :as walk]))

(defn apply-template
  "For use in macros. argv is an argument list, as in defn. expr is a quoted expression
  using the symbols in argv. values is a sequence of values to be used for the arguments.
  apply-template will recursively replace argument symbols in expr with their corresponding
  values, returning a modified expr."
  [argv expr values]
  (assert (vector? argv))
  (assert (every? symbol? argv))
  (walk/postwalk-replace (zipmap argv values) expr))

(defmacro do-template
  "Repeatedly copies expr (in a do block) for each group of arguments in values. values are
  automatically partitioned by the number of arguments in argv, an argument vector as in
  defn."
  [argv expr & values]
  (let [c (count argv)]
    `(do ~@(map (fn [a] (apply-template argv expr a))
                (partition c values)))))
