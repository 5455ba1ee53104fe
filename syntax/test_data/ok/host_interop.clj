(. obj method) (.method obj) (Math/abs -1) (java.util.Date.) (.. sb (append 1) toString) (new Foo)
