#!/usr/bin/env node
// The `taskroute` bin. A committed file, so that installing the workspace links it before dist/ is built.
import { run } from "../dist/cli.js"

run()
