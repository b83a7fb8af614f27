// Bot actions shared by the Bots list and the bot detail page: activate/deactivate and
// the delete dialog.
import { pb } from "../pb";
import { botHandle } from "../botsdata";
import { navigate } from "../router";
import { COL } from "../collections";
import { ErrorBox, Dialog } from "./ui";
import { Icon } from "./icons";
import { toast } from "./toast";
import { useAction } from "../action";

/** Activate / deactivate button (admins and owners). */
export function ActiveToggle({ bot, onDone, withLabel }) {
  const { busy, run } = useAction({ toastErrors: true });
  const next = !bot.is_active;
  const toggle = () =>
    run(async () => {
      await pb.collection(COL.botInstances).update(bot.id, { is_active: next });
      toast(`${botHandle(bot)} ${next ? "activated" : "deactivated"}`);
      if (onDone) onDone();
    });
  const label = `${next ? "Activate" : "Deactivate"} ${botHandle(bot)}`;
  return (
    <button type="button" class={"btn btn-small" + (withLabel ? "" : " btn-ghost")} onClick={toggle} disabled={busy} aria-label={label} title={label}>
      <Icon name="power" /> {next ? "Activate" : "Deactivate"}
    </button>
  );
}

/** Asks before the soft delete (DELETE → 204; the row is kept, marked deleted). */
export function DeleteBotDialog({ bot, onClose, onDeleted, goBack }) {
  const { busy, error, run } = useAction();
  const remove = () =>
    run(async () => {
      await pb.collection(COL.botInstances).delete(bot.id);
      toast(`${botHandle(bot)} deleted`);
      onClose();
      if (onDeleted) onDeleted();
      if (goBack) navigate("/bots");
    });
  return (
    <Dialog
      open={!!bot}
      title={bot ? `Delete ${botHandle(bot)}?` : ""}
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="btn btn-danger" onClick={remove} disabled={busy}>
            {busy ? "Deleting…" : "Delete bot"}
          </button>
        </>
      }
    >
      <p>The bot stops at once and disappears from the dashboard. Its logs are kept; adding the same token again brings it back.</p>
      {error && <ErrorBox error={{ message: error }} />}
    </Dialog>
  );
}
