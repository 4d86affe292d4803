export * from "@taskroute/core"
