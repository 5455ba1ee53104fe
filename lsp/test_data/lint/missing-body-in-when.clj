(ns fx.missing-body-in-when)
(defn f [x] (when (pos? x))) ;; <-
(defn g [x] (when (pos? x) x)) ;; ok
