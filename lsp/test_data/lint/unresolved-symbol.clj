(ns fx.unresolved-symbol)
(defn total [items]
  (reduce + (map :price itmes))) ;; <-
(defn ok [items] (reduce + (map :price items))) ;; ok
(defn later-use [] (defined-later 1)) ;; ok
(defn defined-later [x] x)
(defn host [] [(Math/abs -1) (String/valueOf 1) (.toUpperCase "a") (java.util.Date.)]) ;; ok
(defn locals [{:keys [a b] :as m} [c & more]] (list a b c more m)) ;; ok
(let [f #(+ % %2 (count %&))] (f 1 2)) ;; ok
(try (/ 1 0) (catch ArithmeticException e (ex-message e))) ;; ok
(defn broken [] (undefined-fn 1 2)) ;; <-
