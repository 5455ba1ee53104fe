(ns fx.duplicate-require
  (:require [clojure.string :as str]
            [clojure.string :refer [join]])) ;; <-
(str/join (join [1]))
(ns fx.duplicate-require2 (:require [clojure.set :as set] [clojure.walk :as walk])) ;; ok
(set/union (walk/keywordize-keys {}))
