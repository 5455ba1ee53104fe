##Foo
