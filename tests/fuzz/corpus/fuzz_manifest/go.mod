	module example.org/x
go 1.21
require (
	github.com/gin-gonic/gin v1.9.0
	golang.org/x/text v0.3.0 // indirect
)
