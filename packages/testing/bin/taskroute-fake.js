#!/usr/bin/env node
// The `taskroute-fake` bin. A committed file, so that installing the workspace links it before dist/ is built.
import "../dist/bin.js"
