(ns clojure.edn
  "Reading data in edn format (the data subset of the reader: no evaluation).")

(defn read-string
  "Reads one object from the string s. Returns (:eof opts) (default nil) when s is empty or
  blank."
  ([s] (read-string {} s))
  ([opts s]
   (if (or (nil? s) (every? (fn [c] (or (Character/isWhitespace c) (= c \,))) s))
     (get opts :eof)
     (clojure.core/read-string s))))
