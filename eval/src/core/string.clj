(ns clojure.string
  "Clojure String utilities (kiln's bundled implementation, on the runtime's string and
  regex primitives).")

(defn blank?
  "True if s is nil, empty, or contains only whitespace."
  [s]
  (or (nil? s) (.isBlank (str s))))

(defn upper-case "Converts string to all upper-case." [s] (.toUpperCase (str s)))

(defn lower-case "Converts string to all lower-case." [s] (.toLowerCase (str s)))

(defn capitalize
  "Converts first character of the string to upper-case, all other characters to lower-case."
  [s]
  (let [s (str s)]
    (if (< (count s) 2)
      (.toUpperCase s)
      (str (.toUpperCase (subs s 0 1)) (.toLowerCase (subs s 1))))))

(defn trim "Removes whitespace from both ends of string." [s] (.trim (str s)))

(defn triml
  "Removes whitespace from the left side of string."
  [s]
  (let [s (str s)]
    (loop [i 0]
      (if (and (< i (count s)) (Character/isWhitespace (.charAt s i)))
        (recur (inc i))
        (subs s i)))))

(defn trimr
  "Removes whitespace from the right side of string."
  [s]
  (let [s (str s)]
    (loop [i (count s)]
      (if (and (pos? i) (Character/isWhitespace (.charAt s (dec i))))
        (recur (dec i))
        (subs s 0 i)))))

(defn trim-newline
  "Removes all trailing newline \\n or return \\r characters from string."
  [s]
  (let [s (str s)]
    (loop [i (count s)]
      (if (and (pos? i) (let [c (.charAt s (dec i))] (or (= c \newline) (= c \return))))
        (recur (dec i))
        (subs s 0 i)))))

(defn join
  "Returns a string of all elements in coll, as returned by (seq coll), separated by an
  optional separator."
  ([coll] (apply str coll))
  ([separator coll] (apply str (interpose separator coll))))

(defn split
  "Splits string on a regular expression. Optional argument limit is the maximum number of
  parts. Not lazy. Returns vector of the parts. Trailing empty strings are not returned -
  pass limit of -1 to return all."
  ([s re] (clojure.core/-str-split (str s) re 0))
  ([s re limit] (clojure.core/-str-split (str s) re limit)))

(defn split-lines
  "Splits s on \\n or \\r\\n. Trailing empty lines are not returned."
  [s]
  (split s #"\r?\n"))

(defn replace
  "Replaces all instance of match with replacement in s: string/string, char/char, or
  pattern/(string or function of match)."
  [s match replacement]
  (clojure.core/-str-replace (str s) match replacement false))

(defn replace-first
  "Replaces the first instance of match with replacement in s."
  [s match replacement]
  (clojure.core/-str-replace (str s) match replacement true))

(defn reverse "Returns s with its characters reversed." [s] (apply str (clojure.core/reverse (str s))))

(defn starts-with? "True if s starts with substr." [s substr] (.startsWith (str s) substr))

(defn ends-with? "True if s ends with substr." [s substr] (.endsWith (str s) substr))

(defn includes? "True if s includes substr." [s substr] (.contains (str s) substr))

(defn index-of
  "Return index of value (string or char) in s, optionally searching forward from
  from-index. Return nil if value not found."
  ([s value]
   (let [i (.indexOf (str s) (str value))] (when-not (neg? i) i)))
  ([s value from-index]
   (let [s (str s)
         from (min (count s) (max 0 from-index))
         i (.indexOf (subs s from) (str value))]
     (when-not (neg? i) (+ from i)))))

(defn last-index-of
  "Return last index of value (string or char) in s, optionally searching backward from
  from-index. Return nil if value not found."
  ([s value]
   (let [i (.lastIndexOf (str s) (str value))] (when-not (neg? i) i)))
  ([s value from-index]
   (let [s (str s)
         end (min (count s) (+ (max 0 from-index) (count (str value))))
         i (.lastIndexOf (subs s 0 end) (str value))]
     (when-not (neg? i) i))))

(defn escape
  "Return a new string, using cmap to escape each character ch from s: (cmap ch) is nil
  (keep ch) or the replacement."
  [s cmap]
  (apply str (map (fn [c] (let [r (cmap c)] (if (nil? r) c r))) (str s))))

(defn re-quote-replacement
  "Given a replacement string that you wish to be a literal replacement for a pattern match
  in replace or replace-first, do the necessary escaping of special characters."
  [replacement]
  (escape (str replacement) {\\ "\\\\" \$ "\\$"}))
