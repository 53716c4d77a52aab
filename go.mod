module github.com/mmaplib/mmap

go 1.24
