// Subscribes to realtime topics with the unmodified PocketBase JS SDK and prints each
// event as one JSON line: node sdk.cjs BASE_URL TOKEN TOPIC...
global.EventSource = require("eventsource");
const PocketBase = require("pocketbase/cjs");

const [baseURL, token, ...topics] = process.argv.slice(2);
const pb = new PocketBase(baseURL);
pb.authStore.save(token, null);

(async () => {
  for (const topic of topics) {
    await pb.realtime.subscribe(topic, (data) => {
      console.log(JSON.stringify({ topic, data }));
    });
  }
  console.log(JSON.stringify({ ready: true }));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
