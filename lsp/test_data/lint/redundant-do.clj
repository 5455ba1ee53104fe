(ns fx.redundant-do)
(defn f [ok?] (if ok? (do (println "saved")) (println "warn"))) ;; <-
(defn g [ok?] (if ok? (do (println "a") (println "b")) nil)) ;; ok
