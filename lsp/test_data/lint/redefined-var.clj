(ns fx.redefined-var)
(declare parse)
(defn parse [s] s) ;; ok
(defn parse [s opts] [s opts]) ;; <-
