(ns fx.unresolved-var
  (:require [clojure.string :as str :refer [joinn]])) ;; <-
(str/trimm " x ") ;; <-
(str/trim " x ") ;; ok
