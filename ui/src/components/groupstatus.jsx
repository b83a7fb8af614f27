// Group status widgets shared by the Groups list and the group detail page: the
// protection switch and the rights-check badge.
import { pb } from "../pb";
import { COL } from "../collections";
import { Badge, Switch } from "./ui";
import { toast } from "./toast";
import { useAction } from "../action";

/** Protection on/off switch (admins and owners). */
export function EnabledSwitch({ group, onDone, withLabel }) {
  const { busy, run } = useAction({ toastErrors: true });
  async function change(on) {
    await run(async () => {
      const rec = await pb.collection(COL.protectedGroups).update(group.id, { enabled: on });
      toast(`Protection ${on ? "enabled" : "disabled"} for ${group.title || group.group_id}`);
      if (onDone) onDone(rec);
    });
  }
  return (
    <Switch
      checked={!!group.enabled}
      disabled={busy}
      onChange={change}
      label={
        <>
          <span class={withLabel ? "" : "sr-only"}>Protection of {group.title || group.group_id}: </span>
          {group.enabled ? "on" : "off"}
        </>
      }
    />
  );
}

/** The bot's rights check as a badge. */
export function HealthBadge({ health }) {
  if (!health || typeof health !== "object" || health.ok === undefined) return <Badge title="The bot has not checked its rights here yet">not checked</Badge>;
  if (health.ok) return <Badge tone="ok">healthy</Badge>;
  const n = (health.problems || []).length || 1;
  return (
    <Badge tone="bad" title="The bot lacks rights it needs; open the group to see what to fix">
      {n} problem{n === 1 ? "" : "s"}
    </Badge>
  );
}
