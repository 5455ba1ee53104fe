(ns fx.syntax)
(def ok-form [1 2 3]) ;; ok
(def bad 1.2.3) ;; <-
(defn f [x] ;; <-
  (+ x 1)] ;; <-
