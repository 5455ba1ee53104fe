(ns fx.type-mismatch
  (:require [clojure.string :as str]))
(inc "1") ;; <-
(count 42) ;; <-
(+ 1 2.5 3/4) ;; ok
(first "abc") ;; ok
(str/upper-case :k) ;; <-
(repeat :x) ;; ok
