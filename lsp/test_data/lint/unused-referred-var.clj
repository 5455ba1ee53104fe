(ns fx.unused-referred-var
  (:require [clojure.string :refer [join split]])) ;; <-
(join "," [1 2])
(ns fx.unused-referred-var2 (:require [clojure.string :refer [blank?]])) ;; ok
(blank? "")
