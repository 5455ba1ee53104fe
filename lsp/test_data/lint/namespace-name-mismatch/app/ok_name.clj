(ns app.ok-name) ;; ok
