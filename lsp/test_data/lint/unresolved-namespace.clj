(ns fx.unresolved-namespace
  (:require [clojure.string :as str]))
(str/upper-case "a") ;; ok
(set/union #{1} #{2}) ;; <-
(java.util.UUID/randomUUID) ;; ok
(clojure.string/lower-case "A") ;; ok
::nope/kw ;; <-
