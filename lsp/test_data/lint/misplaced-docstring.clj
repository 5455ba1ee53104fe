(ns fx.misplaced-docstring)
(defn area [w h] "Area of a rectangle." (* w h)) ;; <-
(defn area2 "Area of a rectangle." [w h] (* w h)) ;; ok
(defn greeting [] "hello") ;; ok
