// Bots: the list with live status, add by token (verify, then add), activate or
// deactivate, delete (soft). Viewers see the list only.
import { useState } from "preact/hooks";
import { canWrite, errorMessage, isMissingRoute, manageBot } from "../pb";
import { useTick } from "../data";
import { useBots, botHandle, isStale } from "../botsdata";
import { ago, date, duration } from "../format";
import { Link } from "../router";
import { Card, PageHeader, Skeleton, Empty, ErrorBox, BotStatusBadge, Badge, Dialog } from "../components/ui";
import { Icon } from "../components/icons";
import { toast } from "../components/toast";
import { useAction } from "../action";
import { ActiveToggle, DeleteBotDialog } from "../components/botactions";

export function Bots({ user }) {
  const { data, error, loading, reload } = useBots();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(null);
  const writer = canWrite(user);
  useTick(15000);

  return (
    <>
      <PageHeader title="Bots" subtitle="Every bot this server runs, live.">
        <button type="button" class="btn" onClick={reload} disabled={loading} aria-label="Refresh the list">
          <Icon name="refresh" /> Refresh
        </button>
        {writer && (
          <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" /> Add bot
          </button>
        )}
      </PageHeader>
      <Card id="bots" title={data ? `${data.bots.length} bot${data.bots.length === 1 ? "" : "s"}` : "Your bots"}>
        {error && !data ? (
          <ErrorBox error={error} onRetry={reload} prefix="Could not load bots:" />
        ) : !data ? (
          <Skeleton lines={4} />
        ) : data.bots.length === 0 ? (
          <Empty icon="bot" title="No bots yet">
            {writer ? (
              <>
                <p>Create a bot with @BotFather, then add its token here.</p>
                <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
                  <Icon name="plus" /> Add bot
                </button>
              </>
            ) : (
              <p>An admin or owner can add bots.</p>
            )}
          </Empty>
        ) : (
          <BotTable bots={data.bots} status={data.status} writer={writer} onDelete={setDeleting} />
        )}
      </Card>
      {writer && <AddBotDialog open={adding} onClose={() => setAdding(false)} onAdded={reload} />}
      {writer && <DeleteBotDialog bot={deleting} onClose={() => setDeleting(null)} onDeleted={reload} />}
    </>
  );
}

function BotTable({ bots, status, writer, onDelete }) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid="bots-table">
        <thead>
          <tr>
            <th scope="col">Bot</th>
            <th scope="col">Status</th>
            <th scope="col" class="hide-sm">Heartbeat</th>
            <th scope="col" class="hide-sm">Uptime</th>
            <th scope="col" class="hide-sm">Added</th>
            {writer && (
              <th scope="col" class="right">
                <span class="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {bots.map((b) => (
            <BotRow key={b.id} bot={b} st={status[b.id]} writer={writer} onDelete={onDelete} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BotRow({ bot, st, writer, onDelete }) {
  const stale = isStale(st);
  return (
    <tr data-bot={bot.bot_username}>
      <td>
        <Link href={`/bots/${bot.id}`} class="bot-cell">
          <span class="avatar avatar-bot" aria-hidden="true">
            <Icon name="bot" size={16} />
          </span>
          <span>
            <strong>{bot.bot_name || "Unnamed bot"}</strong>
            <span class="muted small block">{botHandle(bot)}</span>
          </span>
        </Link>
      </td>
      <td data-testid="bot-status">
        {bot.is_active ? <BotStatusBadge status={st && st.status} /> : <Badge tone="muted">inactive</Badge>}
        {stale && bot.is_active && (
          <span class="muted small block" title="No heartbeat for over 2 minutes">
            no heartbeat
          </span>
        )}
      </td>
      <td class="hide-sm muted">{st && st.last_heartbeat ? ago(st.last_heartbeat) : "—"}</td>
      <td class="hide-sm">{st && st.status === "running" ? duration(st.uptime_seconds) : "—"}</td>
      <td class="hide-sm muted">{date(bot.created)}</td>
      {writer && (
        <td class="right nowrap">
          <ActiveToggle bot={bot} />
          <button type="button" class="btn-icon danger" aria-label={`Delete ${botHandle(bot)}`} title="Delete" onClick={() => onDelete(bot)}>
            <Icon name="trash" />
          </button>
        </td>
      )}
    </tr>
  );
}

/** Add a bot: paste the token, verify it (shows the bot's name), then add it. */
function AddBotDialog({ open, onClose, onAdded }) {
  const [token, setToken] = useState("");
  const [show, setShow] = useState(false);
  const [found, setFound] = useState(null);
  const { busy, error, setError, run } = useAction({ explain });

  function close() {
    setToken("");
    setFound(null);
    setError("");
    setShow(false);
    onClose();
  }
  function explain(err) {
    if (isMissingRoute(err)) return "Adding bots needs the bot manager (POST /api/functions/manage-bot), which this server does not offer yet.";
    if (err.status === 409) return "This bot has already been added.";
    if (err.status === 502) return "Telegram could not be reached. Try again in a moment.";
    return errorMessage(err);
  }
  async function verify(e) {
    e.preventDefault();
    const t = token.trim();
    if (!t) {
      setError("Paste the bot token from @BotFather.");
      return;
    }
    await run(async () => setFound(await manageBot("verify", t)));
  }
  const add = () =>
    run(async () => {
      const rec = await manageBot("add", token.trim());
      toast(`@${rec.bot_username || found.username} added`);
      close();
      onAdded();
    });
  return (
    <Dialog
      open={open}
      title="Add a bot"
      onClose={close}
      footer={
        found ? (
          <>
            <button type="button" class="btn" onClick={() => setFound(null)} disabled={busy}>
              Back
            </button>
            <button type="button" class="btn btn-primary" onClick={add} disabled={busy}>
              {busy ? "Adding…" : `Add @${found.username}`}
            </button>
          </>
        ) : (
          <>
            <button type="button" class="btn" onClick={close}>
              Cancel
            </button>
            <button type="submit" form="add-bot-form" class="btn btn-primary" disabled={busy}>
              {busy ? "Checking…" : "Verify token"}
            </button>
          </>
        )
      }
    >
      {!found ? (
        <form id="add-bot-form" class="form" onSubmit={verify} noValidate>
          <label class="field">
            <span>Bot token</span>
            <div class="input-row">
              <input
                type={show ? "text" : "password"}
                name="token"
                autoComplete="off"
                spellcheck={false}
                placeholder="123456789:AAE…"
                value={token}
                onInput={(e) => setToken(e.currentTarget.value)}
                aria-describedby="token-hint"
              />
              <button type="button" class="btn-icon" aria-label={show ? "Hide token" : "Show token"} aria-pressed={show} onClick={() => setShow(!show)}>
                <Icon name="eye" />
              </button>
            </div>
            <small id="token-hint" class="muted">
              Get it from @BotFather. It is checked with Telegram and stored encrypted; it is never shown again.
            </small>
          </label>
        </form>
      ) : (
        <div class="verified-bot" data-testid="verified-bot">
          <span class="avatar avatar-bot" aria-hidden="true">
            <Icon name="bot" />
          </span>
          <div>
            <strong>{found.first_name}</strong>
            <div class="muted">@{found.username} · id {found.bot_id}</div>
            <div class="small">
              {found.can_join_groups ? "Can join groups" : "Cannot join groups (enable it in @BotFather)"}
              {" · "}
              {found.can_read_all_group_messages ? "reads all group messages" : "privacy mode on"}
            </div>
          </div>
        </div>
      )}
      {error && (
        <div class="alert alert-error" role="alert" data-testid="add-bot-error">
          <Icon name="alert" />
          <span>{error}</span>
        </div>
      )}
    </Dialog>
  );
}
