// Small building blocks: cards, states (loading, empty, error), badges, buttons, dialogs.
import { useEffect, useRef } from "preact/hooks";
import { Icon } from "./icons";
import { errorMessage } from "../pb";

/** A titled panel. */
export function Card({ title, actions, children, class: cls = "", id }) {
  return (
    <section class={"card " + cls} aria-labelledby={title && id ? id + "-title" : undefined}>
      {(title || actions) && (
        <header class="card-head">
          {title && <h2 id={id ? id + "-title" : undefined}>{title}</h2>}
          {actions && <div class="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

/** A page title with a subtitle and actions on the right. */
export function PageHeader({ title, subtitle, children }) {
  return (
    <div class="page-head">
      <div>
        <h1>{title}</h1>
        {subtitle && <p class="muted">{subtitle}</p>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}

/** Placeholder bars while data loads. */
export function Skeleton({ lines = 3, height }) {
  return (
    <div class="skeleton" role="status" aria-label="Loading" style={height ? { height } : undefined}>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} class="skeleton-line" style={{ width: `${90 - i * 12}%` }} />
      ))}
    </div>
  );
}

/** "Nothing here yet" with an optional call to action. */
export function Empty({ icon = "activity", title, children }) {
  return (
    <div class="empty">
      <Icon name={icon} size={28} />
      <p class="empty-title">{title}</p>
      {children && <div class="empty-body">{children}</div>}
    </div>
  );
}

/** The server's error message, with a retry button. */
export function ErrorBox({ error, onRetry, prefix }) {
  if (!error) return null;
  return (
    <div class="alert alert-error" role="alert">
      <Icon name="alert" />
      <span>
        {prefix ? prefix + " " : ""}
        {errorMessage(error)}
      </span>
      {onRetry && (
        <button type="button" class="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** A coloured pill. tone: ok, warn, bad, info, muted. */
export function Badge({ tone = "muted", children, title }) {
  return (
    <span class={"badge badge-" + tone} title={title}>
      {children}
    </span>
  );
}

const statusTone = { running: "ok", starting: "info", stopped: "muted", error: "bad" };

/** The live status of a bot (bot_status.status), or "no status". */
export function BotStatusBadge({ status }) {
  const s = status || "no status";
  return (
    <Badge tone={statusTone[s] || "muted"} title={status ? `Bot status: ${status}` : "The bot has not reported a status yet"}>
      <span class={"dot dot-" + (statusTone[s] || "muted")} aria-hidden="true" />
      {s}
    </Badge>
  );
}

/** A modal dialog on the native <dialog> (focus trap, Esc to close). */
/** The Cancel / Save buttons of a dialog whose form has the id formId. */
export function SaveFooter({ formId, busy, onCancel }) {
  return (
    <>
      <button type="button" class="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" form={formId} class="btn btn-primary" disabled={busy}>
        {busy ? "Saving…" : "Save"}
      </button>
    </>
  );
}

export function Dialog({ open, title, onClose, children, footer }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div class="dialog-inner">
          <header class="dialog-head">
            <h2 id="dialog-title">{title}</h2>
            <button type="button" class="btn-icon" aria-label="Close" onClick={onClose}>
              <Icon name="x" />
            </button>
          </header>
          <div class="dialog-body">{children}</div>
          {footer && <footer class="dialog-foot">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}

/** A labelled on/off switch. */
export function Switch({ checked, onChange, label, disabled }) {
  return (
    <label class="switch">
      <input type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span class="switch-track" aria-hidden="true" />
      <span class="switch-label">{label}</span>
    </label>
  );
}
