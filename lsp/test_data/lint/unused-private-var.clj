(ns fx.unused-private-var)
(defn- old-helper [x] (* 2 x)) ;; <-
(defn- used-helper [x] (inc x)) ;; ok
(def ^:private secret 42) ;; <-
(defn api [x] (used-helper x))
(defn- recursive [n] (if (pos? n) (recursive (dec n)) n)) ;; <-
