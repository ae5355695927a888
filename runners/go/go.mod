module versus/runners/go

go 1.26
