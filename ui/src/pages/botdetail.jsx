// Bot detail: identity, live status (heartbeat, uptime), groups it protects, recent errors.
import { useState } from "preact/hooks";
import { pb, canWrite } from "../pb";
import { useLoad, useTick } from "../data";
import { useBots, botHandle, isStale } from "../botsdata";
import { ago, compact, date, dateTime, duration } from "../format";
import { Link } from "../router";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, BotStatusBadge, Badge } from "../components/ui";
import { Icon } from "../components/icons";
import { ActiveToggle, DeleteBotDialog } from "../components/botactions";
import { COL } from "../collections";

export function BotDetail({ id, user }) {
  const { data, error, reload } = useBots();
  const [deleting, setDeleting] = useState(false);
  useTick(5000);
  if (error && !data) return <ErrorBox error={error} onRetry={reload} prefix="Could not load the bot:" />;
  if (!data) return <Skeleton lines={6} />;
  const bot = data.bots.find((b) => b.id === id);
  if (!bot)
    return (
      <div class="card">
        <Empty icon="bot" title="Bot not found">
          <p>It may have been deleted.</p>
          <Link href="/bots" class="btn">
            <Icon name="back" /> Back to bots
          </Link>
        </Empty>
      </div>
    );
  const st = data.status[bot.id];
  const writer = canWrite(user);
  return (
    <>
      <PageHeader title={bot.bot_name || "Unnamed bot"} subtitle={botHandle(bot)}>
        {writer && <ActiveToggle bot={bot} withLabel />}
      </PageHeader>
      <div class="grid-2">
        <Card id="status" title="Status">
          <dl class="props">
            <dt>Status</dt>
            <dd data-testid="detail-status">{bot.is_active ? <BotStatusBadge status={st && st.status} /> : <Badge>inactive</Badge>}</dd>
            <dt>Last heartbeat</dt>
            <dd>
              {st && st.last_heartbeat ? (
                <>
                  {ago(st.last_heartbeat)} <span class="muted small">({dateTime(st.last_heartbeat)})</span>
                  {isStale(st) && bot.is_active && <Badge tone="warn">stale</Badge>}
                </>
              ) : (
                "never"
              )}
            </dd>
            <dt>Uptime</dt>
            <dd>{st && st.status === "running" ? duration(st.uptime_seconds) : "—"}</dd>
            <dt>Started</dt>
            <dd>{st && st.started_at ? dateTime(st.started_at) : "—"}</dd>
            {st && st.metadata && typeof st.metadata === "object" && Object.keys(st.metadata).length > 0 && (
              <>
                <dt>Details</dt>
                <dd>
                  {Object.entries(st.metadata).map(([k, v]) => (
                    <span key={k} class="kv">
                      {k}: <code>{typeof v === "object" ? JSON.stringify(v) : String(v)}</code>
                    </span>
                  ))}
                </dd>
              </>
            )}
          </dl>
        </Card>
        <Card id="identity" title="Identity">
          <dl class="props">
            <dt>Bot ID</dt>
            <dd>
              <code>{bot.bot_id}</code>
            </dd>
            <dt>Username</dt>
            <dd>
              <a href={`https://t.me/${bot.bot_username}`} target="_blank" rel="noopener noreferrer">
                {botHandle(bot)}
              </a>
            </dd>
            <dt>Owner</dt>
            <dd>{bot.owner_telegram_id ? <code>{bot.owner_telegram_id}</code> : <span class="muted">not set</span>}</dd>
            <dt>Added</dt>
            <dd>{date(bot.created)}</dd>
          </dl>
        </Card>
      </div>
      <BotGroups bot={bot} />
      <BotErrors bot={bot} />
      {writer && (
        <Card id="danger" title="Danger zone" class="danger-zone">
          <div class="row-between">
            <p class="muted">Deleting stops the bot and hides it. Adding its token again restores it.</p>
            <button type="button" class="btn btn-danger" onClick={() => setDeleting(true)}>
              <Icon name="trash" /> Delete bot
            </button>
          </div>
        </Card>
      )}
      {writer && <DeleteBotDialog bot={deleting ? bot : null} onClose={() => setDeleting(false)} goBack />}
    </>
  );
}

function BotGroups({ bot }) {
  const res = useLoad(() => pb.collection(COL.protectedGroups).getFullList({ filter: pb.filter("bot_instance = {:id}", { id: bot.id }), sort: "title" }), [bot.id]);
  return (
    <Card id="groups" title="Groups">
      {res.error && !res.data ? (
        <ErrorBox error={res.error} onRetry={res.reload} />
      ) : !res.data ? (
        <Skeleton lines={3} />
      ) : res.data.length === 0 ? (
        <Empty icon="shield" title="No groups yet">
          Add the bot to a group as an admin and send <code>/protect</code> there.
        </Empty>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Protection</th>
                <th scope="col" class="hide-sm">Members</th>
                <th scope="col">Health</th>
              </tr>
            </thead>
            <tbody>
              {res.data.map((g) => (
                <tr key={g.id}>
                  <td>
                    <strong>{g.title || "Untitled group"}</strong>
                    <span class="muted small block">{g.group_id}</span>
                  </td>
                  <td>{g.enabled ? <Badge tone="ok">protected</Badge> : <Badge>disabled</Badge>}</td>
                  <td class="hide-sm">{compact(g.member_count)}</td>
                  <td>
                    <GroupHealth health={g.health} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function GroupHealth({ health }) {
  if (!health || typeof health !== "object" || health.ok === undefined) return <span class="muted">not checked</span>;
  if (health.ok) return <Badge tone="ok">ok</Badge>;
  const problems = health.problems || [];
  return (
    <span>
      <Badge tone="bad">{problems.length || 1} problem{problems.length === 1 ? "" : "s"}</Badge>
      {problems.slice(0, 2).map((p, i) => (
        <span key={i} class="muted small block">
          {p.title || p.chat_id}: missing {Array.isArray(p.missing) ? p.missing.join(", ") : String(p.missing)}
        </span>
      ))}
    </span>
  );
}

/** What an api_call_log error_type means, for the "Reason" column. */
const errorReasons = {
  BadRequest: "Telegram refused the request (bad request: a missing right, a wrong id, …)",
  Forbidden: "Not allowed: the bot was removed, blocked, or lacks a right",
  Unauthorized: "Telegram refused the bot token",
  NotFound: "Telegram does not know this method or chat",
  Conflict: "Another process uses this bot token",
  TooManyRequests: "Rate limited by Telegram (retried after the wait it asked for)",
  ServerError: "Telegram answered with a server error (retried)",
  NetworkError: "Telegram could not be reached (retried)",
  TimedOut: "Telegram did not answer in time (retried)",
  MalformedResponse: "Telegram's answer was not valid JSON (retried)",
};

/** The reason of a failed call: its error_type and what it means. */
export function errorReason(type) {
  if (!type) return "failed";
  return errorReasons[type] ? `${type}: ${errorReasons[type]}` : type;
}

// Refusals that are part of normal work (api_call_log error_type "expected: <reason>"):
// a message someone deleted first, a lookup of a non-member, … Not errors of the bot.
const EXPECTED = "expected: ";

function BotErrors({ bot }) {
  const res = useLoad(
    async () => {
      const [errors, expected] = await Promise.all([
        pb.collection(COL.apiCallLog).getList(1, 10, {
          skipTotal: true,
          filter: pb.filter("bot_instance = {:bot} && success = false && error_type !~ {:exp}", { bot: bot.bot_id, exp: EXPECTED + "%" }),
          sort: "-timestamp",
        }),
        pb.collection(COL.apiCallLog).getList(1, 5, {
          filter: pb.filter("bot_instance = {:bot} && success = false && error_type ~ {:exp}", { bot: bot.bot_id, exp: EXPECTED + "%" }),
          sort: "-timestamp",
        }),
      ]);
      return { items: errors.items, expected };
    },
    [bot.bot_id],
    { interval: 30000 },
  );
  const expected = res.data && res.data.expected;
  const note =
    expected && expected.totalItems > 0 ? (
      <p class="muted small" data-testid="expected-refusals">
        Not counted as errors: {expected.totalItems} expected refusal{expected.totalItems === 1 ? "" : "s"} (part of normal work), latest:{" "}
        {[...new Set(expected.items.map((r) => r.error_type.slice(EXPECTED.length)))].join("; ")}.
      </p>
    ) : null;
  return (
    <Card id="errors" title="Recent errors">
      {res.error && !res.data ? (
        <ErrorBox error={res.error} onRetry={res.reload} />
      ) : !res.data ? (
        <Skeleton lines={3} />
      ) : res.data.items.length === 0 ? (
        <>
          <Empty icon="check" title="No failed Telegram calls">
            Failed Bot API calls of this bot show up here.
          </Empty>
          {note}
        </>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Method</th>
                <th scope="col">Reason</th>
                <th scope="col" class="hide-sm">Chat</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((r) => (
                <tr key={r.id}>
                  <td class="nowrap" title={dateTime(r.timestamp)}>
                    {ago(r.timestamp)}
                  </td>
                  <td>
                    <code>{r.method}</code>
                  </td>
                  <td data-testid="error-reason">{errorReason(r.error_type)}</td>
                  <td class="hide-sm muted">{r.chat_id || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {note}
        </div>
      )}
    </Card>
  );
}
