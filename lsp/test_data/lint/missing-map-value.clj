(ns fx.missing-map-value)
(def config {:host "localhost" :port}) ;; <-
(def ok {:host "localhost" :port 80}) ;; ok
