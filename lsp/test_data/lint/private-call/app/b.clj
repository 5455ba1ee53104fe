(ns app.b
  (:require [app.a :as a]))
(a/secret) ;; <-
(a/public) ;; ok
(#'a/secret) ;; ok
(a/missing) ;; unresolved-var, not this rule
(a/public 1) ;; invalid-arity, not this rule
