// The examples of the seed (shared/seeds/taskrouter-js-workspace.txt) verbatim, by line range. The only edits are
// the syntax fixes listed with each example (the seed's text does not parse there). Placeholder SIDs ("WAxxx", ...)
// stay in the code; the runners map them to SIDs of the emulator's demo seed where an example needs a real one.
// Both runners use this file: test/seed/seed.test.ts (Node, @taskroute/node) and
// packages/browser/test/seed.browser.test.ts (Chromium, the script-tag bundle).

/** One example of the seed. */
export interface SeedExample {
  readonly title: string
  /** The lines of the seed it comes from. */
  readonly lines: readonly [number, number]
  readonly code: string
  /** Syntax fixes applied to the seed's text. */
  readonly fixes: ReadonlyArray<string>
}

export const seedExamples: ReadonlyArray<SeedExample> = [
  {
    title: "ready event",
    lines: [21, 26],
    code: String.raw`workspace.on("ready", function(workspace) {
console.log(workspace.sid) // 'WSxxx'
console.log(workspace.friendlyName) // 'Workspace 1'
console.log(workspace.prioritizeQueueOrder) // 'FIFO'
console.log(workspace.defaultActivityName) // 'Offline'
});`,
    fixes: [],
  },
  {
    title: "update a single attribute",
    lines: [55, 62],
    code: String.raw`workspace.update("EventCallbackUrl", "http://requestb.in/1kmw9im1", function(error, workspace) {
if(error) {
console.log(error.code);
console.log(error.message);
} else {
console.log(workspace.eventCallbackUrl); // "http://requestb.in/1kmw9im1"
}
});`,
    fixes: [],
  },
  {
    title: "update several attributes",
    lines: [64, 73],
    code: String.raw`var props = {"EventCallbackUrl": "http://requestb.in/1kmw9im1", "TimeoutActivitySid":"WAxxx"};
workspace.update(props, function(error, workspace) {
if(error) {
console.log(error.code);
console.log(error.message);
} else {
console.log(workspace.eventCallbackUrl); // "http://requestb.in/1kmw9im1"
console.log(workspace.timeoutActivitySid); // "WAxxx"
}
});`,
    fixes: [
      '`{"EventCallbackUrl", ...` → `{"EventCallbackUrl": ...` (the seed has a comma where a colon belongs)',
    ],
  },
  {
    title: "delete the workspace",
    lines: [81, 88],
    code: String.raw`workspace.delete(function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
} else {
console.log("workspace deleted");
}
});`,
    fixes: [],
  },
  {
    title: "updateToken",
    lines: [96, 97],
    code: String.raw`var token = refreshJWT(); // your method to retrieve a new capability token
workspace.updateToken(token);`,
    fixes: [],
  },
  {
    title: "activities: fetch the list",
    lines: [107, 120],
    code: String.raw`workspace.activities.fetch(
function(error, activityList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Parsing response");
var data = activityList.data;
for(i=0; i<data.length; i++) {
console.log(data[i].friendlyName);
}
}
);`,
    fixes: [],
  },
  {
    title: "activities: fetch one",
    lines: [122, 131],
    code: String.raw`workspace.activities.fetch("WAxxx",
function(error, activity) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log(activity.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "activities: create",
    lines: [138, 149],
    code: String.raw`var params = {"FriendlyName":"Activity1", "Available":"true"};
workspace.activities.create(
params,
function(error, activity) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+activity.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "activities: update each instance",
    lines: [159, 181],
    code: String.raw`workspace.activities.fetch(
function(error, activityList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = activityList.data;
for(i=0; i<data.length; i++) {
var activity = data[i];
activity.update("WAxxx", "FriendlyName", "NewFriendlyName",
function(error, activity) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+activity.friendlyName);
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "activities: update through the list",
    lines: [188, 197],
    code: String.raw`workspace.activities.update("WAxxx", "FriendlyName", "NewFriendlyName",
function(error, activity) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+activity.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "activities: delete each instance",
    lines: [206, 226],
    code: String.raw`workspace.activities.fetch(
function(error, activityList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = activityList.data;
for(i=0; i<data.length; i++) {
var activity = data[i];
activity.delete(function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Activity deleted");
});
}
}
);`,
    fixes: [],
  },
  {
    title: "activities: delete through the list",
    lines: [232, 241],
    code: String.raw`workspace.activities.delete("WAxxx",
function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Activity deleted");
}
);`,
    fixes: ["a comma added after the SID argument (missing in the seed)"],
  },
  {
    title: "workflows: fetch the list",
    lines: [251, 264],
    code: String.raw`workspace.workflows.fetch(
function(error, workflowList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Parsing response");
var data = workflowList.data;
for(i=0; i<data.length; i++) {
console.log(data[i].friendlyName);
}
}
);`,
    fixes: [],
  },
  {
    title: "workflows: fetch one",
    lines: [266, 275],
    code: String.raw`workspace.workflows.fetch("WWxxx",
function(error, workflow) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log(workflow.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "workflows: create",
    lines: [282, 294],
    code: String.raw`var workflowConfig = {"task_routing":{"default_filter":{"task_queue_sid":"WQxxx"}}};
var params = {"FriendlyName":"Workflow1", "AssignmentCallbackUrl":"http://requestb.in/1kmw9im1", "Configuration":workflowConfig};
workspace.workflows.create(
params,
function(error, workflow) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+workflow.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "workflows: update each instance",
    lines: [304, 326],
    code: String.raw`workspace.workflows.fetch(
function(error, workflowList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = workflowList.data;
for(i=0; i<data.length; i++) {
var workflow = data[i];
workflow.update("WWxxx", "TaskReservationTimeout", "300",
function(error, workflow) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("TaskReservationTimeout: "+workflow.taskReservationTimeout);
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "workflows: update through the list",
    lines: [333, 342],
    code: String.raw`workspace.workflows.update("WWxxx", "TaskReservationTimeout", "300",
function(error, workflow) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("TaskReservationTimeout: "+workflow.taskReservationTimeout);
}
);`,
    fixes: [],
  },
  {
    title: "workflows: delete each instance",
    lines: [351, 372],
    code: String.raw`workspace.workflows.fetch(
function(error, workflowList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = workflowList.data;
for(i=0; i<data.length; i++) {
var workflow = data[i];
workflow.delete(function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Workflow deleted");
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "workflows: delete through the list",
    lines: [378, 387],
    code: String.raw`workspace.workflows.delete("WWxxx",
function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Workflow deleted");
}
);`,
    fixes: ["a comma added after the SID argument (missing in the seed)"],
  },
  {
    title: "workflow: statistics",
    lines: [396, 407],
    code: String.raw`var queryParams = {"Minutes":"240"};
workflow.statistics.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workflow statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "workflow: cumulative statistics",
    lines: [409, 420],
    code: String.raw`var queryParams = {"Minutes":"240"};
workflow.cumulativeStats.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workflow statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "workflow: real-time statistics",
    lines: [422, 431],
    code: String.raw`workflow.realtimeStats.fetch(
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workflow statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "taskqueues: fetch the list",
    lines: [441, 454],
    code: String.raw`workspace.taskqueues.fetch(
function(error, taskQueueList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Parsing response");
var data = taskQueueList.data;
for(i=0; i<data.length; i++) {
console.log(data[i].friendlyName);
}
}
);`,
    fixes: [],
  },
  {
    title: "taskqueues: fetch one",
    lines: [456, 465],
    code: String.raw`workspace.taskqueues.fetch("WQxxx",
function(error, taskQueue) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log(taskQueue.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "taskqueues: create",
    lines: [472, 483],
    code: String.raw`var params = {"FriendlyName":"TaskQueue1", "ReservationActivitySid":"WAxxx", "AssignmentActivitySid":"WAxxx", "TargetWorkers":"1==1"};
workspace.taskqueues.create(
params,
function(error, taskQueue) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+taskQueue.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "taskqueues: update each instance",
    lines: [493, 515],
    code: String.raw`workspace.taskqueues.fetch(
function(error, taskQueueList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = taskQueueList.data;
for(i=0; i<data.length; i++) {
var taskqueue = data[i];
taskqueue.update("WWxxx", "MaxReservedWorkers", "20",
function(error, taskqueue) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("MaxReservedWorkers: "+taskqueue.maxReservedWorkers);
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "taskqueues: update through the list",
    lines: [522, 531],
    code: String.raw`workspace.taskqueues.update("WQxxx", "MaxReservedWorkers", "20",
function(error, taskqueue) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("MaxReservedWorkers: "+taskqueue.maxReservedWorkers);
}
);`,
    fixes: [],
  },
  {
    title: "taskqueues: delete each instance",
    lines: [540, 561],
    code: String.raw`workspace.taskqueues.fetch(
function(error, taskQueueList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = taskQueueList.data;
for(i=0; i<data.length; i++) {
var taskqueue = data[i];
taskqueue.delete(function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("TaskQueue deleted");
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "taskqueues: delete through the list",
    lines: [567, 576],
    code: String.raw`workspace.taskqueues.delete("WQxxx",
function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("TaskQueue deleted");
}
);`,
    fixes: ["a comma added after the SID argument (missing in the seed)"],
  },
  {
    title: "taskqueues: statistics of the list",
    lines: [586, 597],
    code: String.raw`var queryParams = {"Minutes":"240"};
workspace.taskqueues.statistics.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched taskqueues statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "taskqueue: statistics",
    lines: [599, 610],
    code: String.raw`var queryParams = {"Minutes":"240"};
taskqueue.statistics.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched taskqueue statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "taskqueue: cumulative statistics",
    lines: [616, 626],
    code: String.raw`taskqueue.cumulativeStats.fetch(
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched taskqueue statistics: "+JSON.stringify(statistics));
console.log("avg task acceptance time: "+statistics.avgTaskAcceptanceTime);
}
);`,
    fixes: ["a closing parenthesis added to the last console.log (missing in the seed)"],
  },
  {
    title: "taskqueue: real-time statistics",
    lines: [628, 640],
    code: String.raw`var queryParams = {"Minutes":"240"};
taskqueue.realtimeStats.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched taskqueue statistics: "+JSON.stringify(statistics));
console.log("total available workers: "+statistics.totalAvailableWorkers);
}
);`,
    fixes: ["a closing parenthesis added to the last console.log (missing in the seed)"],
  },
  {
    title: "workers: fetch the list",
    lines: [650, 663],
    code: String.raw`workspace.workers.fetch(
function(error, workerList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Parsing response");
var data = workerList.data;
for(i=0; i<data.length; i++) {
console.log(data[i].friendlyName);
}
}
);`,
    fixes: [],
  },
  {
    title: "workers: fetch one",
    lines: [665, 674],
    code: String.raw`workspace.workers.fetch("WKxxx",
function(error, worker) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log(worker.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "workers: create",
    lines: [681, 692],
    code: String.raw`var params = {"FriendlyName":"Worker1"};
workspace.workers.create(
params,
function(error, worker) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+worker.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "workers: update each instance",
    lines: [702, 724],
    code: String.raw`workspace.workers.fetch(
function(error, workerList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = workerList.data;
for(i=0; i<data.length; i++) {
var worker = data[i];
worker.update("WKxxx", "ActivitySid", "WAxxx",
function(error, worker) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+worker.friendlyName);
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "workers: update through the list",
    lines: [731, 740],
    code: String.raw`workspace.workers.update("WKxxx", "ActivitySid", "WAxxx",
function(error, worker) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("FriendlyName: "+worker.friendlyName);
}
);`,
    fixes: [],
  },
  {
    title: "workers: delete each instance",
    lines: [749, 770],
    code: String.raw`workspace.workers.fetch(
function(error, workerList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = workerList.data;
for(i=0; i<data.length; i++) {
var worker = data[i];
worker.delete(function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Worker deleted");
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "workers: delete through the list",
    lines: [776, 785],
    code: String.raw`workspace.workers.delete("WKxxx",
function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Worker deleted");
}
);`,
    fixes: ["a comma added after the SID argument (missing in the seed)"],
  },
  {
    title: "workers: statistics of the list",
    lines: [795, 806],
    code: String.raw`var queryParams = {"Minutes":"240"};
workspace.workers.statistics.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workers statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "workers: cumulative statistics of the list",
    lines: [808, 819],
    code: String.raw`var queryParams = {"Minutes":"240"};
workspace.workers.cumulativeStats.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workers statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "workers: real-time statistics of the list",
    lines: [821, 830],
    code: String.raw`workspace.workers.realtimeStats.fetch(
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workers statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "worker: statistics",
    lines: [832, 843],
    code: String.raw`var queryParams = {"Minutes":"240"};
worker.statistics.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched worker statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "tasks: fetch the list",
    lines: [853, 866],
    code: String.raw`workspace.tasks.fetch(
function(error, taskList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Parsing response");
var data = taskList.data;
for(i=0; i<data.length; i++) {
console.log(JSON.stringify(data[i].attributes));
}
}
);`,
    fixes: [],
  },
  {
    title: "tasks: fetch one",
    lines: [868, 877],
    code: String.raw`workspace.tasks.fetch("WTxxx",
function(error, task) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log(JSON.stringify(task.attributes));
}
);`,
    fixes: [],
  },
  {
    title: "tasks: create",
    lines: [884, 896],
    code: String.raw`var attributes = "{\"Ticket\":\"Gold\"}";
var params = {"WorkflowSid":"WWxxx", "Attributes":attributes};
workspace.tasks.create(
params,
function(error, task) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("TaskSid: "+task.sid);
}
);`,
    fixes: [],
  },
  {
    title: "tasks: update each instance",
    lines: [906, 929],
    code: String.raw`workspace.tasks.fetch(
function(error, taskList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = taskList.data;
var cancelAttrs = {"AssignmentStatus":"canceled", "Reason":"waiting"}
for(i=0; i<data.length; i++) {
var task = data[i];
task.update("WTxxx", cancelAttrs,
function(error, task) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Attributes: "+JSON.stringify(task.attributes));
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "tasks: update through the list",
    lines: [936, 946],
    code: String.raw`var cancelAttrs = {"AssignmentStatus":"canceled", "Reason":"waiting"}
workspace.tasks.update("WTxxx", cancelAttrs,
function(error, task) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Attributes: "+JSON.stringify(task.attributes));
}
);`,
    fixes: [],
  },
  {
    title: "tasks: delete each instance",
    lines: [955, 976],
    code: String.raw`workspace.tasks.fetch(
function(error, taskList) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
var data = taskList.data;
for(i=0; i<data.length; i++) {
var task = data[i];
task.delete(function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("Task deleted");
}
);
}
}
);`,
    fixes: [],
  },
  {
    title: "tasks: delete through the list",
    lines: [982, 991],
    code: String.raw`workspace.tasks.delete("WTxxx",
function(error) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("task deleted");
}
);`,
    fixes: ["a comma added after the SID argument (missing in the seed)"],
  },
  {
    title: "workspace: statistics",
    lines: [1000, 1011],
    code: String.raw`var queryParams = {"Minutes":"240"};
workspace.statistics.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workspace statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "workspace: cumulative statistics",
    lines: [1013, 1024],
    code: String.raw`var queryParams = {"Minutes":"240"};
workspace.cumulativeStats.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workspace statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "workspace: real-time statistics",
    lines: [1026, 1037],
    code: String.raw`var queryParams = {};
workspace.realtimeStats.fetch(
queryParams,
function(error, statistics) {
if(error) {
console.log(error.code);
console.log(error.message);
return;
}
console.log("fetched workspace statistics: "+JSON.stringify(statistics));
}
);`,
    fixes: [],
  },
  {
    title: "event: ready",
    lines: [1058, 1060],
    code: String.raw`workspace.on("ready", function(workspace) {
console.log(workspace.friendlyName) // MyWorkspace
});`,
    fixes: [],
  },
  {
    title: "event: connected",
    lines: [1064, 1066],
    code: String.raw`workspace.on("connected", function() {
console.log("Websocket has connected");
});`,
    fixes: [],
  },
  {
    title: "event: disconnected",
    lines: [1070, 1072],
    code: String.raw`workspace.on("disconnected", function() {
console.log("Websocket has disconnected");
});`,
    fixes: [],
  },
  {
    title: "event: token.expired",
    lines: [1076, 1080],
    code: String.raw`workspace.on("token.expired", function() {
console.log("updating token");
var token = refreshJWT(); // your method to retrieve a new capability token
workspace.updateToken(token);
});`,
    fixes: [],
  },
]
