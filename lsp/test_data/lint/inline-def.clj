(ns fx.inline-def)
(defn setup [] (def config {:a 1})) ;; <-
(let [cache (atom {})] (defn cached [k] (get @cache k))) ;; ok
