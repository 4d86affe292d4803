import { assert, describe, it } from "@effect/vitest"
import { parseWorkflowConfig } from "../../src/routing/workflowConfig.js"

const q1 = "WQ00000000000000000000000000000001"
const q2 = "WQ00000000000000000000000000000002"
const exists = (sid: string) => sid === q1 || sid === q2
const parse = (config: unknown) => parseWorkflowConfig(JSON.stringify(config), exists)

describe("workflow configuration", () => {
  it("accepts filters with queue or the legacy task_queue_sid, inherits the queue and keeps the default filter", () => {
    const config = parse({
      task_routing: {
        filters: [
          {
            filter_friendly_name: "Gold",
            expression: "type == 'ticket' AND customer_value == 'Gold'",
            targets: [
              { task_queue_sid: q1, priority: "10", timeout: 300, expression: "task.lang IN worker.langs" },
              { skip_if: "workers.available == 0", order_by: "worker.level DESC, worker.age ASC" },
            ],
          },
        ],
        default_filter: { queue: q2 },
      },
    })
    if (typeof config === "string") return assert.fail(config)
    const targets = config.filters[0]?.targets ?? []
    assert.strictEqual(targets[0]?.queue, q1)
    assert.strictEqual(targets[0]?.priority, 10)
    assert.strictEqual(targets[0]?.timeout, 300)
    assert.isTrue(targets[0]?.expression?.test({ task: { lang: "en" }, worker: { langs: ["en"] } }))
    assert.strictEqual(targets[1]?.queue, q1, "a later target inherits the queue")
    assert.isTrue(targets[1]?.skipIf?.test({ workers: { available: 0 } }))
    assert.strictEqual(targets[1]?.orderBy.length, 2)
    assert.isTrue(targets[1]?.orderBy[0]?.descending)
    assert.strictEqual(config.defaultTarget?.queue, q2)
    assert.deepStrictEqual([...config.queues].sort(), [q1, q2])
    assert.isTrue(config.filters[0]?.expression.test({ type: "ticket", customer_value: "Gold" }))
  })

  it("the simplest configuration is a default filter", () => {
    const config = parse({ task_routing: { default_filter: { queue: q1 } } })
    assert.notStrictEqual(typeof config, "string")
  })

  it("refuses what the service refuses, saying where", () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [[1, 2], "JSON object"],
      [{}, "task_routing"],
      [{ task_routing: {} }, "at least one filter or a default_filter"],
      [{ task_routing: { filters: [{ expression: "a == 1", targets: [] }] } }, "filters[0].targets"],
      [{ task_routing: { filters: [{ targets: [{ queue: q1 }] }] } }, "filters[0].expression is required"],
      [
        { task_routing: { filters: [{ expression: "a ==", targets: [{ queue: q1 }] }] } },
        "filters[0].expression is invalid",
      ],
      [
        { task_routing: { default_filter: { queue: "WQ00000000000000000000000000000009" } } },
        "not a TaskQueue of this workspace",
      ],
      [{ task_routing: { default_filter: { queue: "Sales" } } }, "is not a TaskQueue SID"],
      [
        { task_routing: { default_filter: { queue: q1, timeout: 10 } } },
        "default_filter cannot have a timeout",
      ],
      [
        { task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q1, timeout: -5 }] }] } },
        "timeout must be a positive",
      ],
      [
        { task_routing: { filters: [{ expression: "1==1", targets: [{ queue: q1, order_by: "level" }] }] } },
        "order_by",
      ],
      [
        { task_routing: { filters: [{ expression: "1==1", targets: [{ priority: 1 }] }] } },
        "must name a queue",
      ],
    ]
    for (const [config, expected] of cases) {
      const result = parse(config)
      assert.isString(result, JSON.stringify(config))
      assert.include(String(result), expected)
    }
    assert.strictEqual(parseWorkflowConfig("{oops", exists), "Configuration is not valid JSON")
  })
})
