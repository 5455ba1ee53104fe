(ns fx.unused-namespace
  (:require [clojure.set :as set] ;; <-
            [clojure.string :as str] ;; ok
            [clojure.walk])) ;; ok
(str/join "," [1 2])
