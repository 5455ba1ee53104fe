(ns app.a)
(defn- secret [] 42)
(defn public [] (secret))
