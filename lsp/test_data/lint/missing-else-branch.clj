(ns fx.missing-else-branch)
(defn f [xs] (if (seq xs) (count xs))) ;; <-
(defn g [xs] (if (seq xs) (count xs) 0)) ;; ok
