(ns fx.shadowed-var)
(defn label [name] (str name)) ;; <-
(defn label2 [nm] (str nm)) ;; ok
