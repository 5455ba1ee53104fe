(ns fx.unused-value)
(defn add-user [db u]
  (assoc db :users (conj (:users db) u)) ;; <-
  db)
(defn ok [db] (println db) db) ;; ok
