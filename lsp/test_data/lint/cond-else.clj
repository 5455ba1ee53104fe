(ns fx.cond-else)
(defn sign [n] (cond (neg? n) :neg (pos? n) :pos :default :zero)) ;; <-
(defn sign2 [n] (cond (neg? n) :neg (pos? n) :pos :else :zero)) ;; ok
