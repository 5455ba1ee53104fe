:a :a/b ::a ::alias/b :5 :1.10
